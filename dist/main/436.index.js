export const id = 436;
export const ids = [436];
export const modules = {

/***/ 61436:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CacheCheckpointStore: () => (/* binding */ CacheCheckpointStore)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _actions_cache__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(60142);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(83916);
/* harmony import */ var _record_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(83361);





/**
 * The cache keys the path list into the entry's version, so the path must be the same string in
 * every run: a path relative to the workspace stays the same wherever the runner puts it.
 */
const CHECKPOINT_DIR = '.auth0-logs-to-cloudwatch';
/**
 * Keeps the checkpoint in the Actions cache. Entries are immutable, so every run saves under its own
 * key `<key>-<run id>-<attempt>` and a run restores the newest entry by the prefix `<key>-`.
 */
class CacheCheckpointStore {
    options;
    name = 'cache';
    constructor(options) {
        this.options = options;
    }
    get relativePath() {
        return `${CHECKPOINT_DIR}/${this.options.key}.json`;
    }
    get absolutePath() {
        return node_path__WEBPACK_IMPORTED_MODULE_1___default().join(this.options.workspace, this.relativePath);
    }
    async restore() {
        if (!_actions_cache__WEBPACK_IMPORTED_MODULE_2__/* .isFeatureAvailable */ .w3()) {
            this.options.warn('The Actions cache is not available to this job, so no checkpoint was restored; the run continues from the newest log already in the stream.');
            return undefined;
        }
        const prefix = `${this.options.key}-`;
        try {
            const matched = await this.inWorkspace(() => _actions_cache__WEBPACK_IMPORTED_MODULE_2__/* .restoreCache */ .P3([this.relativePath], `${prefix}${this.options.runId}-${this.options.runAttempt}`, [prefix]));
            if (matched === undefined)
                return undefined;
            const record = (0,_record_js__WEBPACK_IMPORTED_MODULE_4__/* .parseCheckpointRecord */ .n)(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(this.absolutePath, 'utf8'));
            if (!record) {
                this.options.warn(`The cached checkpoint ${matched} is unreadable; ignoring it.`);
                return undefined;
            }
            return { record, source: `cache key ${matched}` };
        }
        finally {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(this.options.workspace, CHECKPOINT_DIR), { recursive: true, force: true });
        }
    }
    async save(record) {
        if (!_actions_cache__WEBPACK_IMPORTED_MODULE_2__/* .isFeatureAvailable */ .w3()) {
            this.options.warn('The Actions cache is not available to this job; the checkpoint was not saved.');
            return false;
        }
        const key = `${this.options.key}-${this.options.runId}-${this.options.runAttempt}`;
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(this.absolutePath), { recursive: true });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(this.absolutePath, `${JSON.stringify(record)}\n`);
        try {
            // saveCache returns -1 without throwing when the entry was not saved (a reserved key, a
            // read-only token); it throws only for invalid keys.
            const id = await this.inWorkspace(() => _actions_cache__WEBPACK_IMPORTED_MODULE_2__/* .saveCache */ .Io([this.relativePath], key));
            if (id === -1) {
                this.options.warn(`The checkpoint could not be saved to the cache under ${key}; the next run continues from the newest log already in the stream.`);
                return false;
            }
            this.options.info(`Saved the checkpoint ${record.logId} to the cache under ${key}`);
            return true;
        }
        catch (error) {
            this.options.warn(`Saving the checkpoint to the cache failed: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(error)}`);
            return false;
        }
        finally {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(this.options.workspace, CHECKPOINT_DIR), { recursive: true, force: true });
        }
    }
    /** The cache resolves relative paths against the working directory. */
    async inWorkspace(action) {
        const previous = process.cwd();
        if (previous === this.options.workspace)
            return action();
        process.chdir(this.options.workspace);
        try {
            return await action();
        }
        finally {
            process.chdir(previous);
        }
    }
}


/***/ })

};
