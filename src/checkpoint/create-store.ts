import os from 'node:os';
import { ArtifactCheckpointStore } from './artifact-store.js';
import { CacheCheckpointStore } from './cache-store.js';
import type { CheckpointStore } from './store.js';

export type CheckpointStoreKind = 'cache' | 'artifact';

export interface StoreSettings {
  kind: CheckpointStoreKind;
  key: string;
  githubToken?: string;
  artifactRetentionDays: number;
}

/** The store the inputs chose, set up from the runner's environment. */
export function createCheckpointStore(
  settings: StoreSettings,
  env: NodeJS.ProcessEnv,
  log: { warn: (message: string) => void; info: (message: string) => void },
): CheckpointStore {
  if (settings.kind === 'artifact') {
    return new ArtifactCheckpointStore({
      key: settings.key,
      token: settings.githubToken ?? '',
      repository: env.GITHUB_REPOSITORY ?? '',
      apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
      branch: env.GITHUB_REF_NAME || undefined,
      retentionDays: settings.artifactRetentionDays,
      tempDir: env.RUNNER_TEMP ?? os.tmpdir(),
      ...log,
    });
  }
  return new CacheCheckpointStore({
    key: settings.key,
    runId: env.GITHUB_RUN_ID ?? '0',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    ...log,
  });
}
