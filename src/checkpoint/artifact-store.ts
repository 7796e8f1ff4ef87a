import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { Input } from '../constants.js';
import { ActionError, errorMessage } from '../errors.js';
import { parseCheckpointRecord, type CheckpointRecord } from './record.js';
import type { CheckpointStore, RestoredCheckpoint } from './store.js';

export const ARTIFACT_RETENTION_DAYS_DEFAULT = 7;

export interface ArtifactStoreOptions {
  key: string;
  token: string;
  /** owner/name */
  repository: string;
  apiUrl: string;
  /** Only artifacts of runs on this branch are restored, as the cache scopes its entries. */
  branch?: string;
  retentionDays: number;
  tempDir: string;
  warn: (message: string) => void;
  info: (message: string) => void;
}

interface RestArtifact {
  id: number;
  name: string;
  expired: boolean;
  created_at: string | null;
  workflow_run?: { id?: number; head_branch?: string } | null;
}

/**
 * Keeps the checkpoint as a small artifact of each run. An artifact outlives the cache's 7 idle
 * days (its retention is set here), and a run finds the newest one of this repository through the
 * REST API: @actions/artifact can only look inside one given run.
 */
export class ArtifactCheckpointStore implements CheckpointStore {
  readonly name = 'artifact';

  constructor(private readonly options: ArtifactStoreOptions) {}

  /** The artifact's name: with skipArchive the library names the artifact after the file. */
  private get fileName(): string {
    return `${this.options.key}.checkpoint.json`;
  }

  async restore(): Promise<RestoredCheckpoint | undefined> {
    let newest: RestArtifact | undefined;
    try {
      newest = await this.newestArtifact();
    } catch (error) {
      if (error instanceof ActionError) throw error;
      this.options.warn(`Listing the checkpoint artifacts failed: ${errorMessage(error)}`);
      return undefined;
    }
    if (!newest) return undefined;
    const runId = newest.workflow_run?.id;
    const dir = await mkdtemp(path.join(this.options.tempDir, 'checkpoint-'));
    try {
      const [owner, repo] = this.options.repository.split('/') as [string, string];
      await new DefaultArtifactClient().downloadArtifact(newest.id, {
        path: dir,
        findBy: {
          token: this.options.token,
          workflowRunId: runId ?? 0,
          repositoryOwner: owner,
          repositoryName: repo,
        },
      });
      const [file] = await readdir(dir);
      const record = file
        ? parseCheckpointRecord(await readFile(path.join(dir, file), 'utf8'))
        : undefined;
      if (!record) {
        this.options.warn(`The checkpoint artifact ${newest.id} is unreadable; ignoring it.`);
        return undefined;
      }
      return { record, source: `artifact ${newest.id} from run ${runId ?? 'unknown'}` };
    } catch (error) {
      this.options.warn(
        `Downloading the checkpoint artifact ${newest.id} failed: ${errorMessage(error)}`,
      );
      return undefined;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async save(record: CheckpointRecord): Promise<boolean> {
    const dir = path.join(this.options.tempDir, 'auth0-logs-to-cloudwatch-checkpoint');
    const file = path.join(dir, this.fileName);
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(file, `${JSON.stringify(record)}\n`);
      const { id } = await new DefaultArtifactClient().uploadArtifact(this.fileName, [file], dir, {
        retentionDays: this.options.retentionDays,
        skipArchive: true,
      });
      this.options.info(
        `Saved the checkpoint ${record.logId} as the artifact ${this.fileName} (${id})`,
      );
      return true;
    } catch (error) {
      this.options.warn(
        `Saving the checkpoint as an artifact failed: ${errorMessage(error)}. The next run continues from the newest log already in the stream.`,
      );
      return false;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async newestArtifact(): Promise<RestArtifact | undefined> {
    const found: RestArtifact[] = [];
    for (let page = 1; page <= 10; page += 1) {
      const url = new URL(
        `${this.options.apiUrl.replace(/\/$/, '')}/repos/${this.options.repository}/actions/artifacts`,
      );
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
        throw new ActionError(
          `GitHub refused to list this repository's artifacts (HTTP ${response.status}), so the checkpoint cannot be restored. Grant the token in '${Input.GithubToken}' the actions: read permission: add \`permissions: { actions: read, contents: read }\` to the workflow or job.`,
        );
      }
      if (!response.ok) throw new Error(`HTTP ${response.status} from ${url.pathname}`);
      const body = (await response.json()) as { total_count?: number; artifacts?: RestArtifact[] };
      const artifacts = body.artifacts ?? [];
      found.push(...artifacts);
      if (artifacts.length < 100 || found.length >= (body.total_count ?? 0)) break;
    }
    // The API does not document its order: pick the newest unexpired one of this branch ourselves.
    return found
      .filter((artifact) => artifact.name === this.fileName && !artifact.expired)
      .filter(
        (artifact) =>
          !this.options.branch || artifact.workflow_run?.head_branch === this.options.branch,
      )
      .sort(
        (a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? '') || b.id - a.id,
      )[0];
  }
}
