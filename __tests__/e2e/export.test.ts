/**
 * The action end to end: dist/ run as the runner runs it, against real loopback emulators of Auth0,
 * CloudWatch Logs and the Actions cache, through the official SDKs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Fixture, GROUP, STREAM } from './fixture.js';

let fx: Fixture | undefined;

/** Every log the tenant holds is in the stream exactly once, in order, stamped with its Auth0 date. */
function expectStreamToMatchTenant(f: Fixture): void {
  expect(f.compare()).toMatchObject({ lost: 0, duplicated: 0 });
  const stored = f.stream();
  const tenant = f.auth0.logs;
  expect(stored.map((event) => event.log.log_id)).toEqual(tenant.map((log) => log.log_id));
  expect(stored.map((event) => event.timestamp)).toEqual(tenant.map((log) => Date.parse(log.date)));
  // The message is the Auth0 log as compact JSON, unchanged.
  expect(f.cloudwatch.events(GROUP, STREAM).map((event) => event.message)).toEqual(
    tenant.map((log) => JSON.stringify(log)),
  );
}

async function fixture(): Promise<Fixture> {
  fx = await Fixture.start();
  return fx;
}

afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('exporting a tenant run after run', () => {
  it('a first run exports all 2,500 logs once, in order, with the Auth0 dates as timestamps', async () => {
    const f = await fixture();
    f.appendLogs({
      count: 2_500,
      spacingMs: 2_000,
      startIfEmpty: new Date(Date.now() - 4 * 3_600_000),
    });
    const { main, post } = await f.run();
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(post.code, post.stdout + post.stderr).toBe(0);
    expectStreamToMatchTenant(f);
    const newest = f.auth0.logs[f.auth0.logs.length - 1]!;
    expect(main.outputs).toMatchObject({
      'logs-exported': '2500',
      'logs-filtered': '0',
      'logs-rejected': '0',
      checkpoint: newest.log_id,
      'last-log-date': newest.date,
      'caught-up': 'true',
    });
    expect(Number(main.outputs['lag-seconds'])).toBeGreaterThanOrEqual(0);
    expect(f.cache.entries().filter((entry) => entry.finalized)).toHaveLength(1);
    expect(main.summary).toContain('| exported to CloudWatch | 2,500 |');
    // Batches filled up to the limits while the backlog lasted, rather than one put per page.
    const puts = f.cloudwatch.calls.filter((call) => call.operation === 'PutLogEvents');
    expect(puts.length).toBeLessThan(10);
  });

  it('a later run exports exactly the logs added since; an idle one exports nothing and is caught up', async () => {
    const f = await fixture();
    f.appendLogs({ count: 300, spacingMs: 1_000 });
    expect((await f.run()).main.outputs['logs-exported']).toBe('300');

    const before = f.stream().length;
    const added = f.appendLogs({ count: 700, spacingMs: 1_000 });
    const second = await f.run();
    expect(second.main.code, second.main.stdout).toBe(0);
    expect(second.post.code).toBe(0);
    expect(second.main.outputs['logs-exported']).toBe('700');
    expect(
      f
        .stream()
        .slice(before)
        .map((event) => event.log.log_id),
    ).toEqual(added.map((log) => log.log_id));
    expectStreamToMatchTenant(f);

    const idle = await f.run();
    expect(idle.main.code, idle.main.stdout).toBe(0);
    expect(idle.post.code).toBe(0);
    expect(idle.main.outputs).toMatchObject({ 'logs-exported': '0', 'caught-up': 'true' });
    expect(idle.main.outputs.checkpoint).toBe(f.auth0.logs[f.auth0.logs.length - 1]!.log_id);
    expectStreamToMatchTenant(f);
  });

  it('a main that fails halfway keeps its progress through the post step; the next run finishes', async () => {
    const f = await fixture();
    // Logs of about 4 KiB fill a put every ~250 logs; Auth0 stops answering after 15 pages.
    f.appendLogs({ count: 3_000, spacingMs: 100, detailBytes: 3_200 });
    f.auth0.failNext('forbidden', { times: 1_000, afterRequests: 15, paths: /^\/api\/v2\/logs$/ });
    const failed = await f.run();
    f.auth0.clearFaults();
    expect(failed.main.code).not.toBe(0);
    expect(failed.main.errors[0]).toContain('read:logs');
    expect(failed.post.stdout).toContain('Saved the checkpoint');
    const kept = f.stream().length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(3_000);
    const saved = JSON.parse(failed.main.state.checkpoint!) as { logId: string };
    expect(f.stream().at(-1)!.log.log_id).toBe(saved.logId);

    const finish = await f.run();
    expect(finish.main.code, finish.main.stdout).toBe(0);
    expect(finish.main.outputs['logs-exported']).toBe(String(3_000 - kept));
    expectStreamToMatchTenant(f);
  });
});
