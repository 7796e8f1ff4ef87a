/** The artifact service emulator, driven by the real @actions/artifact: upload in one run, download in another. */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactServiceEmulator } from './artifacts.js';

const saved = new Map<string, string | undefined>();
const service = await ArtifactServiceEmulator.start();
let dir: string;
// @actions/github reads GITHUB_API_URL when it is first loaded, as it would in a runner's process.
useEnv({ GITHUB_API_URL: service.url });
const { DefaultArtifactClient } = await import('@actions/artifact');

function useEnv(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    if (!saved.has(name)) saved.set(name, process.env[name]);
    process.env[name] = value;
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'artifact-emulator-'));
  useEnv({ GITHUB_REPOSITORY: 'acme/exports', GITHUB_WORKSPACE: dir });
});

afterAll(async () => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the artifact service emulator through @actions/artifact', () => {
  it('stores an upload of one run and serves it to another through the REST API', async () => {
    useEnv(service.env(41));
    const file = path.join(dir, 'state.checkpoint.json');
    await writeFile(file, '{"logId":"9001"}\n');
    const { id } = await new DefaultArtifactClient().uploadArtifact(
      'state.checkpoint.json',
      [file],
      dir,
      {
        retentionDays: 3,
        skipArchive: true,
      },
    );
    expect(id).toBeGreaterThan(0);
    expect(service.artifacts()).toMatchObject([{ id, name: 'state.checkpoint.json', runId: 41 }]);

    useEnv(service.env(42));
    const listed = (await (
      await fetch(
        `${service.url}/repos/acme/exports/actions/artifacts?name=state.checkpoint.json`,
        {
          headers: { authorization: 'Bearer token' },
        },
      )
    ).json()) as { artifacts: { id: number; expired: boolean; workflow_run: { id: number } }[] };
    expect(listed.artifacts).toMatchObject([{ id, expired: false, workflow_run: { id: 41 } }]);

    const target = await mkdtemp(path.join(dir, 'download-'));
    await new DefaultArtifactClient().downloadArtifact(id!, {
      path: target,
      findBy: {
        token: 'token',
        workflowRunId: 41,
        repositoryOwner: 'acme',
        repositoryName: 'exports',
      },
    });
    const [name] = await readdir(target);
    expect(await readFile(path.join(target, name!), 'utf8')).toBe('{"logId":"9001"}\n');
  });

  it('refuses a token without actions: read with 403, as GitHub does', async () => {
    service.deniedTokens.add('weak');
    const response = await fetch(`${service.url}/repos/acme/exports/actions/artifacts`, {
      headers: { authorization: 'Bearer weak' },
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Resource not accessible by integration');
  });
});
