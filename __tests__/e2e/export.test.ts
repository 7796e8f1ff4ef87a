/**
 * The action end to end: dist/ run as the runner runs it, against real loopback emulators of Auth0,
 * CloudWatch Logs and the Actions cache, through the official SDKs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Auth0Emulator, type Auth0Log } from '../emulators/auth0.js';
import { CloudWatchEmulator } from '../emulators/cloudwatch.js';
import { ActionsCacheEmulator } from '../emulators/actions-cache.js';
import { ActionRun } from './runner.js';

const GROUP = '/auth0/e2e';
const STREAM = 'tenant-logs';

let auth0: Auth0Emulator;
let cloudwatch: CloudWatchEmulator;
let cache: ActionsCacheEmulator;
let dir: string;
let runId = 7_000;

function inputs(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'auth0-domain': auth0.domain,
    'auth0-client-id': 'test-client-id',
    'auth0-client-secret': 'test-client-secret',
    'log-group': GROUP,
    'log-stream': STREAM,
    'aws-region': 'us-east-1',
    'aws-access-key-id': 'AKIDEXAMPLE000000001',
    'aws-secret-access-key': 'test-secret-access-key',
    ...overrides,
  };
}

function newRun(overrides: Record<string, string> = {}): ActionRun {
  runId += 1;
  return new ActionRun({
    inputs: inputs(overrides),
    env: { AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: cloudwatch.endpoint, ...cache.env() },
    runId,
    workspace: path.join(dir, 'workspace'),
    runnerTemp: path.join(dir, 'temp'),
  });
}

async function runMainAndPost(overrides: Record<string, string> = {}) {
  const run = newRun(overrides);
  const main = await run.main();
  const post = await run.post();
  await run.cleanup();
  return { main, post };
}

function stream(): { timestamp: number; log: Auth0Log }[] {
  return cloudwatch
    .events(GROUP, STREAM)
    .map((event) => ({ timestamp: event.timestamp, log: JSON.parse(event.message) as Auth0Log }));
}

/** Every log the tenant retains is in the stream exactly once, in order, stamped with its Auth0 date. */
function expectStreamToMatchTenant(): void {
  const stored = stream();
  const ids = stored.map((event) => event.log.log_id);
  const duplicates = ids.length - new Set(ids).size;
  const tenant = auth0.logs;
  const missing = tenant.filter((log) => !ids.includes(log.log_id)).length;
  expect({ duplicates, missing }).toEqual({ duplicates: 0, missing: 0 });
  expect(ids).toEqual(tenant.map((log) => log.log_id));
  for (const [index, event] of stored.entries()) {
    expect(event.timestamp).toBe(Date.parse(tenant[index]!.date));
  }
  // The message is the Auth0 log as compact JSON, unchanged.
  expect(cloudwatch.events(GROUP, STREAM).map((event) => event.message)).toEqual(
    tenant.map((log) => JSON.stringify(log)),
  );
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'e2e-export-'));
  [auth0, cloudwatch, cache] = await Promise.all([
    Auth0Emulator.start(),
    CloudWatchEmulator.start(),
    ActionsCacheEmulator.start(),
  ]);
  auth0.generateLogs(2_500, { start: new Date(Date.now() - 4 * 3_600_000), spacingMs: 2_000 });
});

afterAll(async () => {
  await Promise.all([auth0?.close(), cloudwatch?.close(), cache?.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe('exporting a tenant run after run', () => {
  it('a first run exports all 2,500 logs once, in order, with the Auth0 dates as timestamps', async () => {
    const { main, post } = await runMainAndPost();
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(post.code, post.stdout + post.stderr).toBe(0);
    expectStreamToMatchTenant();
    const newest = auth0.logs[auth0.logs.length - 1]!;
    expect(main.outputs).toMatchObject({
      'logs-exported': '2500',
      'logs-filtered': '0',
      'logs-rejected': '0',
      checkpoint: newest.log_id,
      'last-log-date': newest.date,
      'caught-up': 'true',
    });
    expect(Number(main.outputs['lag-seconds'])).toBeGreaterThanOrEqual(0);
    // The group and stream were created, and the checkpoint saved under this run's key.
    expect(cache.entries().filter((entry) => entry.finalized)).toHaveLength(1);
    expect(main.summary).toContain('Exported **2500** logs');
    // One put in flight at a time, filled up to the limits while the backlog lasts.
    const puts = cloudwatch.calls.filter((call) => call.operation === 'PutLogEvents');
    expect(puts.length).toBeLessThan(10);
  });

  it('a second run after 700 more logs exports exactly those 700', async () => {
    const before = stream().length;
    const added = auth0.generateLogs(700, {
      start: new Date(Date.now() - 20 * 60_000),
      spacingMs: 1_000,
    });
    const { main, post } = await runMainAndPost();
    expect(main.code, main.stdout).toBe(0);
    expect(post.code).toBe(0);
    expect(main.outputs['logs-exported']).toBe('700');
    expect(
      stream()
        .slice(before)
        .map((event) => event.log.log_id),
    ).toEqual(added.map((log) => log.log_id));
    expectStreamToMatchTenant();
  });

  it('an idle third run exports nothing and reports caught-up', async () => {
    const { main, post } = await runMainAndPost();
    expect(main.code, main.stdout).toBe(0);
    expect(post.code).toBe(0);
    expect(main.outputs).toMatchObject({ 'logs-exported': '0', 'caught-up': 'true' });
    expect(main.outputs.checkpoint).toBe(auth0.logs[auth0.logs.length - 1]!.log_id);
    expectStreamToMatchTenant();
  });

  it('a bad input fails with one error naming it, and sends nothing anywhere', async () => {
    auth0.clearRequests();
    cloudwatch.clearCalls();
    const cacheCallsBefore = cache.calls.length;
    const { main, post } = await runMainAndPost({ 'batch-size': '0' });
    expect(main.code).not.toBe(0);
    expect(main.errors).toHaveLength(1);
    expect(main.errors[0]).toContain("'batch-size'");
    expect(main.errors[0]).toContain('1 to 100');
    expect(post.code).toBe(0);
    expect(auth0.requests).toHaveLength(0);
    expect(cloudwatch.calls).toHaveLength(0);
    expect(cache.calls.length).toBe(cacheCallsBefore);
  });
});
