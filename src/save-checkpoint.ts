import * as core from '@actions/core';
import { createCheckpointStore, type StoreSettings } from './checkpoint/create-store.js';
import { parseCheckpointRecord, type CheckpointRecord } from './checkpoint/record.js';
import { inputsFromEnv } from './config.js';
import { Input, State } from './constants.js';
import { errorMessage } from './errors.js';

/** What the main step hands the post step about the store, through GITHUB_STATE. */
export interface StoreState {
  /** Where and under which key; the token is read from the input again, never kept in state. */
  settings: Omit<StoreSettings, 'githubToken'>;
  /** The record restored at the start of the run, to skip saving an unchanged one. */
  restored?: CheckpointRecord;
}

/** The post step: persist the last acknowledged checkpoint, whatever happened to the main step. */
export async function runPost(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const storeState = parseStoreState(core.getState(State.Store));
  if (!storeState) {
    core.info('The main step did not get as far as the checkpoint store; nothing to save.');
    return;
  }
  const record = parseCheckpointRecord(core.getState(State.Checkpoint));
  if (!record) {
    core.info('No checkpoint was reached in this run; nothing to save.');
    return;
  }
  const restored = storeState.restored;
  if (restored && restored.logId === record.logId && restored.startFrom === record.startFrom) {
    core.info(`The checkpoint ${record.logId} is unchanged; nothing to save.`);
    return;
  }
  const githubToken = inputsFromEnv(env)(Input.GithubToken).trim() || undefined;
  const store = createCheckpointStore({ ...storeState.settings, githubToken }, env, {
    warn: (message) => core.warning(message),
    info: (message) => core.info(message),
  });
  try {
    await store.save(record);
  } catch (error) {
    // Saving is best effort: the next run falls back to the newest log_id in the stream.
    core.warning(`Saving the checkpoint failed: ${errorMessage(error)}`);
  }
}

function parseStoreState(text: string): StoreState | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as StoreState;
    return typeof value.settings?.key === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
