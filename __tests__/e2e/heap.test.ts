/**
 * The main step sizes its heap by replacing itself with node started with HEAP_FLAGS (src/relaunch.ts):
 * dist/main run as the runner runs it, with a probe that reports what the process ending the step was
 * started with. The export itself under these flags is what every other e2e test runs.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEAP_FLAGS, MALLOC_ENV } from '../../src/relaunch.js';
import { NODE_BINARY, ROOT } from './runner.js';

interface Probe {
  pid: number;
  execArgv: string[];
  MALLOC_ARENA_MAX?: string;
  MALLOC_MMAP_THRESHOLD_?: string;
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'heap-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs dist/main with no inputs (it stops at the first one) and the env given. */
async function runMain(name: string, env: Record<string, string> = {}) {
  const file = path.join(dir, `${name}.jsonl`);
  const child = spawn(NODE_BINARY, [path.join(ROOT, 'dist/main/index.js')], {
    env: {
      PATH: process.env.PATH,
      ...env,
      NODE_OPTIONS: `--import=${path.join(ROOT, '__tests__/e2e/process-probe.mjs')} ${env.NODE_OPTIONS ?? ''}`,
      PROCESS_PROBE_FILE: file,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const probes = (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Probe);
  return { pid: child.pid, code, stdout, probes };
}

describe('the main step runs with a heap sized to its work', () => {
  it('replaces itself, in the same process, with node started with the heap flags and glibc settings', async () => {
    const run = await runMain('default');
    expect(run.probes).toEqual([
      {
        pid: run.pid,
        execArgv: [...HEAP_FLAGS],
        MALLOC_ARENA_MAX: MALLOC_ENV.MALLOC_ARENA_MAX,
        MALLOC_MMAP_THRESHOLD_: MALLOC_ENV.MALLOC_MMAP_THRESHOLD_,
      },
    ]);
    // It then runs as before: the missing input is reported once, and the step fails.
    expect(run.code).toBe(1);
    expect(run.stdout.match(/::error::Input 'auth0-domain' is required/g)).toHaveLength(1);
  });

  it('keeps a glibc setting the workflow made', async () => {
    const run = await runMain('arena', { MALLOC_ARENA_MAX: '4' });
    expect(run.probes).toMatchObject([{ pid: run.pid, MALLOC_ARENA_MAX: '4' }]);
  });

  it('runs as started when the workflow sized the young generation in NODE_OPTIONS', async () => {
    const run = await runMain('sized', { NODE_OPTIONS: '--max-semi-space-size=8' });
    expect(run.probes).toEqual([{ pid: run.pid, execArgv: [] }]);
    expect(run.code).toBe(1);
  });
});
