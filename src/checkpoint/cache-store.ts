import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as cache from '@actions/cache';
import { errorMessage } from '../errors.js';
import { parseCheckpointRecord, type CheckpointRecord } from './record.js';
import type { CheckpointStore, RestoredCheckpoint } from './store.js';

/**
 * The cache keys the path list into the entry's version, so the path must be the same string in
 * every run: a path relative to the workspace stays the same wherever the runner puts it.
 */
const CHECKPOINT_DIR = '.auth0-logs-to-cloudwatch';

export interface CacheStoreOptions {
  key: string;
  runId: string;
  runAttempt: string;
  workspace: string;
  warn: (message: string) => void;
  info: (message: string) => void;
}

/**
 * Keeps the checkpoint in the Actions cache. Entries are immutable, so every run saves under its own
 * key `<key>-<run id>-<attempt>` and a run restores the newest entry by the prefix `<key>-`.
 */
export class CacheCheckpointStore implements CheckpointStore {
  readonly name = 'cache';

  constructor(private readonly options: CacheStoreOptions) {}

  private get relativePath(): string {
    return `${CHECKPOINT_DIR}/${this.options.key}.json`;
  }

  private get absolutePath(): string {
    return path.join(this.options.workspace, this.relativePath);
  }

  async restore(): Promise<RestoredCheckpoint | undefined> {
    if (!cache.isFeatureAvailable()) {
      this.options.warn(
        'The Actions cache is not available to this job, so no checkpoint was restored; the run continues from the newest log already in the stream.',
      );
      return undefined;
    }
    const prefix = `${this.options.key}-`;
    try {
      const matched = await this.inWorkspace(() =>
        cache.restoreCache(
          [this.relativePath],
          `${prefix}${this.options.runId}-${this.options.runAttempt}`,
          [prefix],
        ),
      );
      if (matched === undefined) return undefined;
      const record = parseCheckpointRecord(await readFile(this.absolutePath, 'utf8'));
      if (!record) {
        this.options.warn(`The cached checkpoint ${matched} is unreadable; ignoring it.`);
        return undefined;
      }
      return { record, source: `cache key ${matched}` };
    } finally {
      await rm(path.join(this.options.workspace, CHECKPOINT_DIR), { recursive: true, force: true });
    }
  }

  async save(record: CheckpointRecord): Promise<boolean> {
    if (!cache.isFeatureAvailable()) {
      this.options.warn(
        'The Actions cache is not available to this job; the checkpoint was not saved.',
      );
      return false;
    }
    const key = `${this.options.key}-${this.options.runId}-${this.options.runAttempt}`;
    await mkdir(path.dirname(this.absolutePath), { recursive: true });
    await writeFile(this.absolutePath, `${JSON.stringify(record)}\n`);
    try {
      // saveCache returns -1 without throwing when the entry was not saved (a reserved key, a
      // read-only token); it throws only for invalid keys.
      const id = await this.inWorkspace(() => cache.saveCache([this.relativePath], key));
      if (id === -1) {
        this.options.warn(
          `The checkpoint could not be saved to the cache under ${key}; the next run continues from the newest log already in the stream.`,
        );
        return false;
      }
      this.options.info(`Saved the checkpoint ${record.logId} to the cache under ${key}`);
      return true;
    } catch (error) {
      this.options.warn(`Saving the checkpoint to the cache failed: ${errorMessage(error)}`);
      return false;
    } finally {
      await rm(path.join(this.options.workspace, CHECKPOINT_DIR), { recursive: true, force: true });
    }
  }

  /** The cache resolves relative paths against the working directory. */
  private async inWorkspace<T>(action: () => Promise<T>): Promise<T> {
    const previous = process.cwd();
    if (previous === this.options.workspace) return action();
    process.chdir(this.options.workspace);
    try {
      return await action();
    } finally {
      process.chdir(previous);
    }
  }
}
