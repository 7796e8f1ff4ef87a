/**
 * A backlog read in segments while 15% of Auth0's log requests fail, killed (SIGKILL) in the middle,
 * then finished by the next run: nothing lost, nothing repeated, the segment boundaries included,
 * and the tenant's other client never refused.
 *
 * Sized for the suite's time: 10,000 logs on the Enterprise bucket at 150 ms, the kill 0.4 s after
 * the first put is stored. The bucket's first 50 requests read about 4,000 logs at once; the rest
 * comes at the refill's pace, so the kill lands while the backlog is still being read, whatever
 * this machine's speed, rather than after a burst of puts that ends the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantTraffic } from '../emulators/tenant-traffic.js';
import { Fixture } from './fixture.js';

const BACKLOG = 10_000;

let fx: Fixture;

beforeAll(async () => {
  fx = await Fixture.start({
    auth0: { rateLimit: { limit: 50, refillPerSecond: 16 }, latencyMs: 150, seed: 31 },
  });
});

afterAll(async () => {
  await fx?.close();
});

describe('a backlog read in segments through faults and a kill', () => {
  it('loses and repeats nothing, boundary logs included', async () => {
    fx.appendLogs({
      count: BACKLOG,
      spacingMs: 60_000,
      startIfEmpty: new Date(Date.now() - 8 * 86_400_000),
    });
    // Only the export's log requests fail: the other client's share stays whole.
    fx.auth0.injectFaults({
      probability: 0.15,
      kinds: ['server-error', 'unavailable', 'reset', 'rate-limit'],
      paths: /^\/api\/v2\/logs/,
    });
    const other = TenantTraffic.start(fx.auth0, { perSecond: 4 });

    const run = fx.newRun();
    let timer: NodeJS.Timeout | undefined;
    // Killed a moment after its first put is stored: in the middle of the backlog.
    const killed = await run.main((child) => {
      timer = setInterval(() => {
        if (fx.stream().length === 0) return;
        clearInterval(timer);
        timer = setTimeout(() => child.kill('SIGKILL'), 400);
      }, 50);
    });
    clearInterval(timer);
    clearTimeout(timer);
    const post = await run.post();
    await run.cleanup();
    expect(killed.signal, killed.stdout).toBe('SIGKILL');
    expect(post.code, post.stdout + post.stderr).toBe(0);
    const partial = fx.compare();
    expect(partial.stored).toBeGreaterThan(0);
    expect(partial.stored).toBeLessThan(BACKLOG);

    const finish = await fx.run();
    await other.stop();
    expect(finish.main.code, finish.main.stdout + finish.main.stderr).toBe(0);
    expect(finish.main.outputs['caught-up']).toBe('true');
    expect(fx.compare()).toMatchObject({ lost: 0, duplicated: 0, stored: BACKLOG });

    const boundaries = fx.auth0.requests
      .filter((r) => r.path === '/api/v2/logs' && r.query.q?.startsWith('date:['))
      .flatMap((r) => r.found ?? []);
    expect(boundaries.length).toBeGreaterThan(0);
    const stored = fx.stream().map((event) => event.log.log_id);
    for (const boundary of boundaries) {
      expect(stored.filter((id) => id === boundary)).toHaveLength(1);
    }
    expect(Object.keys(fx.auth0.stats.faults).length).toBeGreaterThan(0);
    expect(other.statuses()[429]).toBeUndefined();
  }, 120_000);
});
