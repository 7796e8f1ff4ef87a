/**
 * Catching up a backlog at the speed of the tenant's rate limit (DESIGN §9), by dist/ as the runner
 * runs it: an Enterprise bucket shared with another client of the tenant that must never get a 429,
 * a free tenant's bucket of 2, and the strictly sequential reader of max-concurrency 1.
 *
 * Sized for the suite's time: 20,000 logs on the Enterprise bucket (~20 s at the ~1,100 logs/s the
 * bucket allows), 300 on the free bucket, 2,000 read sequentially.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { TenantTraffic } from '../emulators/tenant-traffic.js';
import { Fixture } from './fixture.js';

const ENTERPRISE = { limit: 50, refillPerSecond: 16 };
const BACKLOG = 20_000;

const fixtures: Fixture[] = [];

afterAll(async () => {
  await Promise.all(fixtures.map((fx) => fx.close()));
});

async function fixture(options: Parameters<typeof Fixture.start>[0]): Promise<Fixture> {
  const fx = await Fixture.start(options);
  fixtures.push(fx);
  return fx;
}

/** Log_ids of the segment boundaries the run found through search mode. */
function boundaries(fx: Fixture): string[] {
  return fx.auth0.requests
    .filter((r) => r.path === '/api/v2/logs' && r.query.q?.startsWith('date:['))
    .flatMap((r) => r.found ?? []);
}

describe('catching up a backlog', () => {
  it(`exports ${BACKLOG.toLocaleString('en')} logs once each on an Enterprise bucket at 150 ms, and the tenant's other client never gets a 429`, async () => {
    const fx = await fixture({ auth0: { rateLimit: ENTERPRISE, latencyMs: 150, seed: 21 } });
    fx.appendLogs({
      count: BACKLOG,
      spacingMs: 30_000,
      startIfEmpty: new Date(Date.now() - 8 * 86_400_000),
    });
    const other = TenantTraffic.start(fx.auth0, { perSecond: 4 });
    const { main, post } = await fx.run();
    const traffic = await other.stop();
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(post.code).toBe(0);
    expect(main.outputs['caught-up']).toBe('true');
    expect(fx.compare()).toMatchObject({ lost: 0, duplicated: 0, stored: BACKLOG });
    expect(traffic.length).toBeGreaterThan(40);
    expect(other.statuses()).toEqual({ 200: traffic.length });
    const found = new Set(boundaries(fx));
    expect(found.size).toBeGreaterThan(0);
    const stored = new Set(fx.stream().map((event) => event.log.log_id));
    expect([...found].filter((id) => !stored.has(id))).toEqual([]);
    expect(main.summary).toMatch(
      /at most [2-4] of 4 in flight, over \d+ segments and \d+ boundary search(es)?\)/,
    );
    expect(main.summary).toMatch(/\([\d,]+ logs read a second\)/);
    expect(main.summary).toMatch(/[\d,]+ held back by the rate limit for [\d.]+ (s|ms|min)/);
  }, 120_000);

  it('makes progress on a free tenant (bucket 2, refilled at 2/s)', async () => {
    const fx = await fixture({
      auth0: { rateLimit: { limit: 2, refillPerSecond: 2 }, latencyMs: 100, seed: 22 },
    });
    fx.appendLogs({
      count: 300,
      spacingMs: 300_000,
      startIfEmpty: new Date(Date.now() - 2 * 86_400_000),
    });
    const { main } = await fx.run();
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(main.outputs['caught-up']).toBe('true');
    expect(fx.compare()).toMatchObject({ lost: 0, duplicated: 0 });
    expect(fx.auth0.stats.rateLimited).toBe(0);
  }, 60_000);

  it('reads one page after another with max-concurrency 1: no search, one request in flight', async () => {
    const fx = await fixture({ auth0: { latencyMs: 40, seed: 23 } });
    fx.appendLogs({
      count: 2_000,
      spacingMs: 60_000,
      startIfEmpty: new Date(Date.now() - 5 * 86_400_000),
    });
    const { main } = await fx.run({ 'max-concurrency': '1' });
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(fx.compare()).toMatchObject({ lost: 0, duplicated: 0, stored: 2_000 });
    const logRequests = fx.auth0.requests.filter((r) => r.path === '/api/v2/logs');
    expect(logRequests.filter((r) => r.query.q !== undefined)).toEqual([]);
    expect(main.summary).toMatch(/at most 1 of 1 in flight\)/);
  }, 60_000);
});
