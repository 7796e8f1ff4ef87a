import os from 'node:os';
import type { CheckpointStore } from './store.js';

export type CheckpointStoreKind = 'cache' | 'artifact';

export interface StoreSettings {
  kind: CheckpointStoreKind;
  key: string;
  githubToken?: string;
  artifactRetentionDays: number;
}

/**
 * The store the inputs chose, set up from the runner's environment. Each store is loaded only when
 * chosen: the artifact store's Azure and GitHub clients cost a cache run time at start-up for nothing.
 */
export async function createCheckpointStore(
  settings: StoreSettings,
  env: NodeJS.ProcessEnv,
  log: { warn: (message: string) => void; info: (message: string) => void },
): Promise<CheckpointStore> {
  if (settings.kind === 'artifact') {
    const { ArtifactCheckpointStore } = await import('./artifact-store.js');
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
  const { CacheCheckpointStore } = await import('./cache-store.js');
  return new CacheCheckpointStore({
    key: settings.key,
    runId: env.GITHUB_RUN_ID ?? '0',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    ...log,
  });
}
