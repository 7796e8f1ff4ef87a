import * as core from '@actions/core';
import { createCheckpointStore } from './checkpoint/create-store.js';
import { parseCheckpointRecord } from './checkpoint/record.js';
import { parseStoreState } from './checkpoint/state.js';
import { inputsFromEnv } from './inputs.js';
import { Input, State } from './constants.js';
import { errorMessage } from './errors.js';

/** The post step: persist the last acknowledged checkpoint, whatever happened to the main step. */
export async function runPost(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const storeState = parseStoreState(core.getState(State.Store));
  if (!storeState) {
    core.info('The main step did not get as far as the checkpoint store; nothing to save.');
    return;
  }
  if (storeState.dryRun) {
    core.info('Dry run: no checkpoint is saved.');
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
  try {
    const store = await createCheckpointStore({ ...storeState.settings, githubToken }, env, {
      warn: (message) => core.warning(message),
      info: (message) => core.info(message),
    });
    await store.save(record);
  } catch (error) {
    // Saving is best effort: the next run falls back to the newest log_id in the stream.
    core.warning(`Saving the checkpoint failed: ${errorMessage(error)}`);
  }
}
