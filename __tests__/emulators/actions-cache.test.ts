/** The Actions cache emulator, driven by the real @actions/cache: rolling keys restored by prefix. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as cache from '@actions/cache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionsCacheEmulator } from './actions-cache.js';

let emulator: ActionsCacheEmulator;
let dir: string;
const saved: Record<string, string | undefined> = {};
const FILE = 'checkpoint/state.json';

async function save(key: string, content: string): Promise<number> {
  await mkdir(path.join(dir, 'checkpoint'), { recursive: true });
  await writeFile(path.join(dir, FILE), content);
  return cache.saveCache([FILE], key);
}

async function restore(
  key: string,
  prefixes: string[],
): Promise<{ key?: string; content?: string }> {
  await rm(path.join(dir, 'checkpoint'), { recursive: true, force: true });
  const matched = await cache.restoreCache([FILE], key, prefixes);
  if (!matched) return {};
  return { key: matched, content: await readFile(path.join(dir, FILE), 'utf8') };
}

beforeAll(async () => {
  emulator = await ActionsCacheEmulator.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'cache-emulator-'));
  const env = { ...emulator.env(), RUNNER_TEMP: path.join(dir, 'temp'), GITHUB_WORKSPACE: dir };
  for (const [name, value] of Object.entries(env)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  await mkdir(env.RUNNER_TEMP, { recursive: true });
  process.chdir(dir);
});

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the Actions cache emulator through @actions/cache', () => {
  it('is seen as available, saves and restores a file', async () => {
    expect(cache.isFeatureAvailable()).toBe(true);
    expect(await save('ckpt-1-1', '{"n":1}')).toBeGreaterThan(0);
    expect(await restore('ckpt-1-1', [])).toEqual({ key: 'ckpt-1-1', content: '{"n":1}' });
  });

  it('returns -1, without throwing, for a key that exists already', async () => {
    expect(await save('ckpt-1-1', '{"n":"again"}')).toBe(-1);
  });

  it('restores the newest entry by prefix for rolling keys', async () => {
    await save('ckpt-2-1', '{"n":2}');
    await save('ckpt-3-1', '{"n":3}');
    expect(await restore('ckpt-4-1', ['ckpt-'])).toEqual({ key: 'ckpt-3-1', content: '{"n":3}' });
  });

  it('misses after eviction, and for another path (another version)', async () => {
    const other = await cache.restoreCache(['elsewhere.json'], 'ckpt-9-1', ['ckpt-']);
    expect(other).toBeUndefined();
    emulator.evictAll();
    expect(await restore('ckpt-5-1', ['ckpt-'])).toEqual({});
  });
});
