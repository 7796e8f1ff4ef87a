/** The Auth0 emulator, driven by the real `auth0` SDK over HTTPS. */
import { ManagementClient, ManagementError, TokenProvider } from 'auth0';
import { LogsClient } from 'auth0/logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Auth0Emulator, type Auth0Log } from './auth0.js';
import { TenantTraffic } from './tenant-traffic.js';

let auth0: Auth0Emulator;

function logsClient(clientSecret = 'test-client-secret', tenant = auth0): LogsClient {
  const tokens = new TokenProvider({
    domain: tenant.domain,
    clientId: 'test-client-id',
    clientSecret,
    audience: `https://${tenant.domain}/api/v2/`,
  });
  return new LogsClient({
    baseUrl: `https://${tenant.domain}/api/v2`,
    token: () => tokens.getAccessToken(),
    maxRetries: 0,
    timeoutInSeconds: 2,
  });
}

async function checkpoint(client: LogsClient, from: string, take = 100) {
  const page = await client.list(
    { page: null, per_page: null, include_totals: null },
    { queryParams: { from, take } },
  );
  return { logs: page.response as unknown as Auth0Log[], headers: page.rawResponse.headers };
}

async function search(
  client: LogsClient,
  options: { q?: string; sort?: string; page?: number; perPage?: number },
): Promise<Auth0Log[]> {
  const page = await client.list(
    {
      sort: options.sort ?? 'date:1',
      page: options.page ?? 0,
      per_page: options.perPage ?? 100,
      include_totals: null,
    },
    options.q ? { queryParams: { q: options.q } } : {},
  );
  return page.response as unknown as Auth0Log[];
}

/** Every log a date-sorted search returns, page by page, within the 1,000-result cap. */
async function searchAll(client: LogsClient, q?: string): Promise<Auth0Log[]> {
  const found: Auth0Log[] = [];
  for (let page = 0; page < 10; page += 1) {
    const logs = await search(client, { q, page });
    found.push(...logs);
    if (logs.length < 100) break;
  }
  return found;
}

async function failure(promise: Promise<unknown>): Promise<ManagementError> {
  try {
    await promise;
  } catch (error) {
    return error as ManagementError;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  auth0 = await Auth0Emulator.start({ rateLimit: { limit: 20, refillPerSecond: 20 } });
  auth0.generateLogs(250, { start: new Date(Date.now() - 3_600_000) });
});

afterAll(async () => {
  await auth0.close();
});

describe('the Auth0 emulator through the SDK', () => {
  it('issues a token and pages by checkpoint in log_id order, with rate-limit and Link headers', async () => {
    const client = logsClient();
    const first = await checkpoint(client, auth0.logs[9]!.log_id);
    expect(first.logs.map((l) => l.log_id)).toEqual(auth0.logs.slice(10, 110).map((l) => l.log_id));
    expect(first.headers.get('x-ratelimit-limit')).toBe('20');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 - 1);
    expect(first.headers.get('link')).toContain(`from=${auth0.logs[109]!.log_id}`);
    const last = await checkpoint(client, auth0.logs[249]!.log_id);
    expect(last.logs).toEqual([]);
    expect(auth0.requests.filter((r) => r.path === '/oauth/token')).toHaveLength(1);
  });

  it('answers search mode oldest-first, newest-first and by date, as ManagementClient asks', async () => {
    const mgmt = new ManagementClient({
      domain: auth0.domain,
      clientId: 'test-client-id',
      clientSecret: 'test-client-secret',
    });
    const oldest = await mgmt.logs.list({ sort: 'date:1', per_page: 1, page: 0 });
    expect(oldest.data[0]!.log_id).toBe(auth0.logs[0]!.log_id);
    const newest = await mgmt.logs.list({ sort: 'date:-1', per_page: 1, page: 0 });
    expect(newest.data[0]!.log_id).toBe(auth0.logs[249]!.log_id);
    const date = auth0.logs[200]!.date;
    const from = await mgmt.logs.list(
      { sort: 'date:1', per_page: 1, page: 0 },
      { queryParams: { q: `date:[${date} TO *]` } },
    );
    expect(from.data[0]!.log_id).toBe(auth0.logs[200]!.log_id);
    const beyond = await failure(mgmt.logs.list({ per_page: 100, page: 10 }, { maxRetries: 0 }));
    expect(beyond.statusCode).toBe(400);
    expect(JSON.stringify(beyond.body)).toContain('allowed maximum of 1000 records');
  });

  it('refuses a wrong client secret at the token endpoint', async () => {
    const error = await failure(checkpoint(logsClient('wrong'), auth0.logs[0]!.log_id));
    expect(error.statusCode).toBe(401);
    expect(error.message).toContain('token request failed');
  });

  it('answers 429 with the reset time when the bucket is empty', async () => {
    const client = logsClient();
    const statuses: number[] = [];
    let reset = 0;
    for (let i = 0; i < 30; i += 1) {
      const result = await checkpoint(client, auth0.logs[0]!.log_id, 1).catch(
        (e: ManagementError) => e,
      );
      if (result instanceof ManagementError) {
        statuses.push(result.statusCode!);
        reset = Number(result.rawResponse?.headers.get('x-ratelimit-reset'));
      } else statuses.push(200);
    }
    expect(statuses).toContain(429);
    expect(reset * 1000).toBeGreaterThan(Date.now() - 1_000);
    expect(auth0.stats.rateLimited).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
  });

  it('serves one log by id, and 404 once retention has passed it', async () => {
    const old = await Auth0Emulator.start({ retentionDays: 1 });
    try {
      const [expired] = old.generateLogs(1, { start: new Date(Date.now() - 2 * 86_400_000) });
      const [kept] = old.generateLogs(1, { start: new Date(Date.now() - 3_600_000) });
      const tokens = new TokenProvider({
        domain: old.domain,
        clientId: 'test-client-id',
        clientSecret: 'test-client-secret',
        audience: `https://${old.domain}/api/v2/`,
      });
      const client = new LogsClient({
        baseUrl: `https://${old.domain}/api/v2`,
        token: () => tokens.getAccessToken(),
        maxRetries: 0,
      });
      expect((await client.get(kept!.log_id)).log_id).toBe(kept!.log_id);
      const gone = await failure(client.get(expired!.log_id));
      expect(gone.statusCode).toBe(404);
    } finally {
      await old.close();
    }
  });

  it('injects faults: a reset is a network error, a 403 names the scope', async () => {
    const client = logsClient();
    auth0.failNext('reset', { paths: /\/api\/v2\/logs/ });
    const reset = await failure(checkpoint(client, auth0.logs[0]!.log_id));
    expect(reset.statusCode).toBeUndefined();
    auth0.failNext('forbidden', { paths: /\/api\/v2\/logs/ });
    const forbidden = await failure(checkpoint(client, auth0.logs[0]!.log_id));
    expect(forbidden.statusCode).toBe(403);
    expect(JSON.stringify(forbidden.body)).toContain('read:logs');
  });
});

describe('the tenant rate limit', () => {
  it('is one token bucket for every client of the tenant, with the headers Auth0 sends', async () => {
    let clock = Date.parse('2026-12-01T08:00:00.000Z');
    const tenant = await Auth0Emulator.start({
      rateLimit: { limit: 5, refillPerSecond: 2 },
      now: () => clock,
    });
    try {
      tenant.generateLogs(10, { start: new Date(clock - 60_000) });
      const exporter = logsClient('test-client-secret', tenant);
      const seconds = clock / 1000;
      const seen: [string | null, string | null, string | null][] = [];
      for (let i = 0; i < 3; i += 1) {
        const { headers } = await checkpoint(exporter, tenant.logs[0]!.log_id, 1);
        seen.push([
          headers.get('x-ratelimit-limit'),
          headers.get('x-ratelimit-remaining'),
          headers.get('x-ratelimit-reset'),
        ]);
      }
      // One request comes back every 500 ms: the reset is the second by which the next one does.
      expect(seen).toEqual([
        ['5', '4', String(seconds + 1)],
        ['5', '3', String(seconds + 1)],
        ['5', '2', String(seconds + 1)],
      ]);

      // Another application of the tenant draws from the same bucket.
      const traffic = TenantTraffic.start(tenant, { perSecond: 50 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const results = await traffic.stop();
      expect(results.filter((r) => r.status === 200).map((r) => r.remaining)).toEqual([1, 0]);
      expect(results.filter((r) => r.status === 429).length).toBeGreaterThan(0);
      expect(tenant.requests.find((r) => r.status === 429)?.clientId).toBe('tenant-admin-tool');

      const limited = await failure(checkpoint(exporter, tenant.logs[0]!.log_id, 1));
      expect(limited.statusCode).toBe(429);
      expect(limited.rawResponse?.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(limited.rawResponse?.headers.get('x-ratelimit-reset')).toBe(String(seconds + 1));

      clock += 500;
      const refilled = await checkpoint(exporter, tenant.logs[0]!.log_id, 1);
      expect(refilled.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(refilled.headers.get('x-ratelimit-reset')).toBe(String(seconds + 1));
      clock += 10_000;
      const full = await checkpoint(exporter, tenant.logs[0]!.log_id, 1);
      expect(full.headers.get('x-ratelimit-remaining')).toBe('4');
    } finally {
      await tenant.close();
    }
  });

  it('answers after the configured latency', async () => {
    const tenant = await Auth0Emulator.start({ latencyMs: 150 });
    try {
      tenant.generateLogs(5);
      const client = logsClient('test-client-secret', tenant);
      await checkpoint(client, tenant.logs[0]!.log_id);
      const started = performance.now();
      await checkpoint(client, tenant.logs[0]!.log_id);
      expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    } finally {
      await tenant.close();
    }
  });

  it("records every status of the other client's traffic, and sees no 429 when it stays in the limit", async () => {
    const tenant = await Auth0Emulator.start({ rateLimit: { limit: 4, refillPerSecond: 10 } });
    try {
      const traffic = TenantTraffic.start(tenant, { perSecond: 8 });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const results = await traffic.stop();
      expect(results.length).toBeGreaterThanOrEqual(6);
      expect(traffic.statuses()).toEqual({ 200: results.length });
    } finally {
      await tenant.close();
    }
  });
});

describe('the search index', () => {
  it('finds the first log at or after a date by binary search, as a full scan would', async () => {
    const tenant = await Auth0Emulator.start({
      rateLimit: { limit: 1_000, refillPerSecond: 1_000 },
    });
    try {
      const logs = tenant.generateLogs(2_000, {
        start: new Date(Date.now() - 3_600_000),
        spacingMs: 1_000,
        dateJitterMs: 5_000,
      });
      const client = logsClient('test-client-secret', tenant);
      for (const index of [0, 1, 777, 1_999]) {
        const date = logs[index]!.date;
        const [first] = await search(client, { q: `date:[${date} TO *]`, perPage: 1 });
        const expected = [...logs]
          .filter((log) => log.date >= date)
          .sort((a, b) => a.date.localeCompare(b.date) || a.log_id.localeCompare(b.log_id))[0];
        expect(first!.log_id).toBe(expected!.log_id);
      }
      // Auth0's own delays date logs out of log_id order.
      const byDate = await search(client, { perPage: 100 });
      const ids = byDate.map((log) => log.log_id);
      expect(ids).not.toEqual([...ids].sort());
      const newest = await search(client, { sort: 'date:-1', perPage: 1 });
      const latest = [...logs].sort((a, b) => b.date.localeCompare(a.date))[0]!;
      expect(newest[0]!.log_id).toBe(latest.log_id);
    } finally {
      await tenant.close();
    }
  });

  it('can lag behind checkpoint mode, leave logs out and see dates out of log_id order', async () => {
    const tenant = await Auth0Emulator.start({
      rateLimit: { limit: 1_000, refillPerSecond: 1_000 },
    });
    try {
      const logs = tenant.generateLogs(600, { start: new Date(Date.now() - 3_600_000) });
      const client = logsClient('test-client-secret', tenant);
      const since = `date:[${logs[0]!.date} TO *]`;
      expect(await searchAll(client, since)).toHaveLength(600);

      tenant.setSearchIndex({ lagLogs: 50 });
      const [newest] = await search(client, { sort: 'date:-1', perPage: 1 });
      expect(newest!.log_id).toBe(logs[549]!.log_id);
      const [after] = await search(client, { q: `date:[${logs[580]!.date} TO *]`, perPage: 1 });
      expect(after).toBeUndefined();
      // Checkpoint mode has them all.
      expect((await checkpoint(client, logs[549]!.log_id)).logs).toHaveLength(50);

      tenant.setSearchIndex({ omitProbability: 0.2 });
      const kept = await searchAll(client, since);
      expect(kept.length).toBeGreaterThan(400);
      expect(kept.length).toBeLessThan(560);
      expect((await searchAll(client, since)).map((l) => l.log_id)).toEqual(
        kept.map((l) => l.log_id),
      );

      tenant.setSearchIndex({ dateSkewMs: 30_000 });
      // The range is on the dates the index sees: the whole tenant, searched without one.
      const skewed = (await searchAll(client)).map((log) => log.log_id);
      expect(skewed).toHaveLength(600);
      expect(skewed).not.toEqual([...skewed].sort());
    } finally {
      await tenant.close();
    }
  });
});

describe('applications and killed callers', () => {
  it('serves several applications; a frozen one gets no answer while the others are served', async () => {
    const tenant = await Auth0Emulator.start();
    try {
      tenant.generateLogs(5, { start: new Date(Date.now() - 60_000) });
      tenant.addClient({ clientId: 'second-client', clientSecret: 'second-secret' });
      const connect = (clientId: string, clientSecret: string) => {
        const tokens = new TokenProvider({
          domain: tenant.domain,
          clientId,
          clientSecret,
          audience: `https://${tenant.domain}/api/v2/`,
        });
        return new LogsClient({
          baseUrl: `https://${tenant.domain}/api/v2`,
          token: () => tokens.getAccessToken(),
          maxRetries: 0,
          timeoutInSeconds: 5,
        });
      };
      const first = connect('test-client-id', 'test-client-secret');
      const second = connect('second-client', 'second-secret');
      expect((await checkpoint(first, '0')).logs).toHaveLength(5);
      expect(tenant.requests.at(-1)!.clientId).toBe('test-client-id');

      const moments: string[] = [];
      tenant.onRequest = (moment) => moments.push(`${moment.phase} ${moment.clientId}`);
      tenant.freeze('test-client-id');
      let answered = false;
      const held = checkpoint(first, '0').then(
        () => (answered = true),
        () => (answered = true),
      );
      expect((await checkpoint(second, '0')).logs).toHaveLength(5);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(answered).toBe(false);
      expect(moments).toContain('arrived test-client-id');
      expect(moments).toContain('processed second-client');
      await tenant.close();
      await held;
    } finally {
      await tenant.close();
    }
  });
});
