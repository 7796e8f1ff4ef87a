/** log-types and log-level as the extension had them, end to end. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fixture } from './fixture.js';

let fx: Fixture;

beforeAll(async () => {
  fx = await Fixture.start();
  fx.auth0.generateLogs(1_200, { start: new Date(Date.now() - 3_600_000), spacingMs: 2_000 });
});

afterAll(async () => {
  await fx?.close();
});

describe('filtering by type', () => {
  it('log-types "s, f" exports only those, counts the rest as filtered, and never fetches them again', async () => {
    const { main } = await fx.run({ 'log-types': 's, f' });
    expect(main.code, main.stdout).toBe(0);
    const wanted = fx.auth0.logs.filter((log) => log.type === 's' || log.type === 'f');
    expect(wanted.length).toBeGreaterThan(0);
    expect(wanted.length).toBeLessThan(fx.auth0.logs.length);
    expect(fx.stream().map((event) => event.log.log_id)).toEqual(wanted.map((log) => log.log_id));
    expect(main.outputs).toMatchObject({
      'logs-exported': String(wanted.length),
      'logs-filtered': String(fx.auth0.logs.length - wanted.length),
      checkpoint: fx.auth0.logs[fx.auth0.logs.length - 1]!.log_id,
    });
    expect(main.summary).toContain('### Log types');

    // The next run starts after the newest log fetched, filtered or not: one request, nothing new.
    fx.auth0.clearRequests();
    const next = await fx.run({ 'log-types': 's, f' });
    expect(next.main.outputs).toMatchObject({ 'logs-exported': '0', 'logs-filtered': '0' });
    const pages = fx.auth0.requests.filter((r) => r.path === '/api/v2/logs');
    expect(pages).toHaveLength(1);
    expect(pages[0]!.query.from).toBe(fx.auth0.logs[fx.auth0.logs.length - 1]!.log_id);
  });

  it('warns about a code nobody knows, naming the closest ones, and still runs', async () => {
    const { main } = await fx.run({ 'log-types': 'fpp', 'log-stream': 'typo' });
    expect(main.code, main.stdout).toBe(0);
    expect(main.warnings.join('\n')).toMatch(
      /'fpp' is not a known Auth0 log type; did you mean 'fp'/,
    );
  });
});
