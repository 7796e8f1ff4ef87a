export const id = 534;
export const ids = [534];
export const modules = {

/***/ 22534:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ArtifactCheckpointStore: () => (/* binding */ ArtifactCheckpointStore)
/* harmony export */ });
/* unused harmony export ARTIFACT_RETENTION_DAYS_DEFAULT */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _actions_artifact__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(37888);
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(27242);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(83916);
/* harmony import */ var _record_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(83361);






const ARTIFACT_RETENTION_DAYS_DEFAULT = 7;
/**
 * Keeps the checkpoint as a small artifact of each run. An artifact outlives the cache's 7 idle
 * days (its retention is set here), and a run finds the newest one of this repository through the
 * REST API: @actions/artifact can only look inside one given run.
 */
class ArtifactCheckpointStore {
    options;
    name = 'artifact';
    constructor(options) {
        this.options = options;
    }
    /** The artifact's name: with skipArchive the library names the artifact after the file. */
    get fileName() {
        return `${this.options.key}.checkpoint.json`;
    }
    async restore() {
        let newest;
        try {
            newest = await this.newestArtifact();
        }
        catch (error) {
            if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ActionError */ .lZ)
                throw error;
            this.options.warn(`Listing the checkpoint artifacts failed: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)}`);
            return undefined;
        }
        if (!newest)
            return undefined;
        const runId = newest.workflow_run?.id;
        const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(this.options.tempDir, 'checkpoint-'));
        try {
            const [owner, repo] = this.options.repository.split('/');
            await new _actions_artifact__WEBPACK_IMPORTED_MODULE_2__/* .DefaultArtifactClient */ .t9().downloadArtifact(newest.id, {
                path: dir,
                findBy: {
                    token: this.options.token,
                    workflowRunId: runId ?? 0,
                    repositoryOwner: owner,
                    repositoryName: repo,
                },
            });
            const [file] = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(dir);
            const record = file
                ? (0,_record_js__WEBPACK_IMPORTED_MODULE_5__/* .parseCheckpointRecord */ .n)(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, file), 'utf8'))
                : undefined;
            if (!record) {
                this.options.warn(`The checkpoint artifact ${newest.id} is unreadable; ignoring it.`);
                return undefined;
            }
            return { record, source: `artifact ${newest.id} from run ${runId ?? 'unknown'}` };
        }
        catch (error) {
            this.options.warn(`Downloading the checkpoint artifact ${newest.id} failed: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)}`);
            return undefined;
        }
        finally {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(dir, { recursive: true, force: true });
        }
    }
    async save(record) {
        const dir = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(this.options.tempDir, 'auth0-logs-to-cloudwatch-checkpoint');
        const file = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, this.fileName);
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(dir, { recursive: true });
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(file, `${JSON.stringify(record)}\n`);
            const { id } = await new _actions_artifact__WEBPACK_IMPORTED_MODULE_2__/* .DefaultArtifactClient */ .t9().uploadArtifact(this.fileName, [file], dir, {
                retentionDays: this.options.retentionDays,
                skipArchive: true,
            });
            this.options.info(`Saved the checkpoint ${record.logId} as the artifact ${this.fileName} (${id})`);
            return true;
        }
        catch (error) {
            this.options.warn(`Saving the checkpoint as an artifact failed: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)}. The next run continues from the newest log already in the stream.`);
            return false;
        }
        finally {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(dir, { recursive: true, force: true });
        }
    }
    async newestArtifact() {
        const found = [];
        for (let page = 1; page <= 10; page += 1) {
            const url = new URL(`${this.options.apiUrl.replace(/\/$/, '')}/repos/${this.options.repository}/actions/artifacts`);
            url.searchParams.set('name', this.fileName);
            url.searchParams.set('per_page', '100');
            url.searchParams.set('page', String(page));
            const response = await fetch(url, {
                headers: {
                    authorization: `Bearer ${this.options.token}`,
                    accept: 'application/vnd.github+json',
                    'x-github-api-version': '2022-11-28',
                },
            });
            if (response.status === 403 || response.status === 401) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ActionError */ .lZ(`GitHub refused to list this repository's artifacts (HTTP ${response.status}), so the checkpoint cannot be restored. Grant the token in '${_constants_js__WEBPACK_IMPORTED_MODULE_3__/* .Input */ .pd.GithubToken}' the actions: read permission: add \`permissions: { actions: read, contents: read }\` to the workflow or job.`);
            }
            if (!response.ok)
                throw new Error(`HTTP ${response.status} from ${url.pathname}`);
            const body = (await response.json());
            const artifacts = body.artifacts ?? [];
            found.push(...artifacts);
            if (artifacts.length < 100 || found.length >= (body.total_count ?? 0))
                break;
        }
        // The API does not document its order: pick the newest unexpired one of this branch ourselves.
        return found
            .filter((artifact) => artifact.name === this.fileName && !artifact.expired)
            .filter((artifact) => !this.options.branch || artifact.workflow_run?.head_branch === this.options.branch)
            .sort((a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? '') || b.id - a.id)[0];
    }
}


/***/ })

};
