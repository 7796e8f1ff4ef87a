/**
 * The action end to end: dist/ run as the runner runs it, against real loopback emulators of Auth0,
 * CloudWatch Logs and the Actions cache, through the official SDKs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fixture, GROUP, STREAM } from './fixture.js';

let fx: Fixture;

/** Every log the tenant holds is in the stream exactly once, in order, stamped with its Auth0 date. */
function expectStreamToMatchTenant(): void {
  expect(fx.compare()).toMatchObject({ lost: 0, duplicated: 0 });
  const stored = fx.stream();
  const tenant = fx.auth0.logs;
  expect(stored.map((event) => event.log.log_id)).toEqual(tenant.map((log) => log.log_id));
  expect(stored.map((event) => event.timestamp)).toEqual(tenant.map((log) => Date.parse(log.date)));
  // The message is the Auth0 log as compact JSON, unchanged.
  expect(fx.cloudwatch.events(GROUP, STREAM).map((event) => event.message)).toEqual(
    tenant.map((log) => JSON.stringify(log)),
  );
}

beforeAll(async () => {
  fx = await Fixture.start();
  fx.auth0.generateLogs(2_500, { start: new Date(Date.now() - 4 * 3_600_000), spacingMs: 2_000 });
});

afterAll(async () => {
  await fx?.close();
});

describe('exporting a tenant run after run', () => {
  it('a first run exports all 2,500 logs once, in order, with the Auth0 dates as timestamps', async () => {
    const { main, post } = await fx.run();
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(post.code, post.stdout + post.stderr).toBe(0);
    expectStreamToMatchTenant();
    const newest = fx.auth0.logs[fx.auth0.logs.length - 1]!;
    expect(main.outputs).toMatchObject({
      'logs-exported': '2500',
      'logs-filtered': '0',
      'logs-rejected': '0',
      checkpoint: newest.log_id,
      'last-log-date': newest.date,
      'caught-up': 'true',
    });
    expect(Number(main.outputs['lag-seconds'])).toBeGreaterThanOrEqual(0);
    expect(fx.cache.entries().filter((entry) => entry.finalized)).toHaveLength(1);
    expect(main.summary).toContain('| exported to CloudWatch | 2,500 |');
    // Batches filled up to the limits while the backlog lasted, rather than one put per page.
    const puts = fx.cloudwatch.calls.filter((call) => call.operation === 'PutLogEvents');
    expect(puts.length).toBeLessThan(10);
  });

  it('a second run after 700 more logs exports exactly those 700', async () => {
    const before = fx.stream().length;
    const added = fx.auth0.generateLogs(700, {
      start: new Date(Date.now() - 20 * 60_000),
      spacingMs: 1_000,
    });
    const { main, post } = await fx.run();
    expect(main.code, main.stdout).toBe(0);
    expect(post.code).toBe(0);
    expect(main.outputs['logs-exported']).toBe('700');
    expect(
      fx
        .stream()
        .slice(before)
        .map((event) => event.log.log_id),
    ).toEqual(added.map((log) => log.log_id));
    expectStreamToMatchTenant();
  });

  it('an idle third run exports nothing and reports caught-up', async () => {
    const { main, post } = await fx.run();
    expect(main.code, main.stdout).toBe(0);
    expect(post.code).toBe(0);
    expect(main.outputs).toMatchObject({ 'logs-exported': '0', 'caught-up': 'true' });
    expect(main.outputs.checkpoint).toBe(fx.auth0.logs[fx.auth0.logs.length - 1]!.log_id);
    expectStreamToMatchTenant();
  });

  it('a bad input fails with one error naming it, and sends nothing anywhere', async () => {
    fx.auth0.clearRequests();
    fx.cloudwatch.clearCalls();
    const cacheCallsBefore = fx.cache.calls.length;
    const { main, post } = await fx.run({ 'batch-size': '0' });
    expect(main.code).not.toBe(0);
    expect(main.errors).toHaveLength(1);
    expect(main.errors[0]).toContain("'batch-size'");
    expect(main.errors[0]).toContain('1 to 100');
    expect(post.code).toBe(0);
    expect(fx.auth0.requests).toHaveLength(0);
    expect(fx.cloudwatch.calls).toHaveLength(0);
    expect(fx.cache.calls.length).toBe(cacheCallsBefore);
  });

  it('a main that fails halfway keeps its progress through the post step; the next run finishes', async () => {
    const before = fx.stream().length;
    // Logs of about 4 KiB fill a put every ~250 logs; Auth0 stops answering after 15 pages.
    fx.appendLogs(3_000, 100, new Date(), 3_200);
    fx.auth0.failNext('forbidden', { times: 1_000, afterRequests: 15, paths: /^\/api\/v2\/logs$/ });
    const failed = await fx.run();
    fx.auth0.clearFaults();
    expect(failed.main.code).not.toBe(0);
    expect(failed.main.errors[0]).toContain('read:logs');
    expect(failed.post.stdout).toContain('Saved the checkpoint');
    const kept = fx.stream().length - before;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(3_000);
    const saved = JSON.parse(failed.main.state.checkpoint!) as { logId: string };
    expect(fx.stream().at(-1)!.log.log_id).toBe(saved.logId);

    const finish = await fx.run();
    expect(finish.main.code, finish.main.stdout).toBe(0);
    expect(finish.main.outputs['logs-exported']).toBe(String(3_000 - kept));
    expectStreamToMatchTenant();
  });
});
