/** The Auth0 emulator, driven by the real `auth0` SDK over HTTPS. */
import { ManagementClient, ManagementError, TokenProvider } from 'auth0';
import { LogsClient } from 'auth0/logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Auth0Emulator, type Auth0Log } from './auth0.js';

let auth0: Auth0Emulator;

function logsClient(clientSecret = 'test-client-secret'): LogsClient {
  const tokens = new TokenProvider({
    domain: auth0.domain,
    clientId: 'test-client-id',
    clientSecret,
    audience: `https://${auth0.domain}/api/v2/`,
  });
  return new LogsClient({
    baseUrl: `https://${auth0.domain}/api/v2`,
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

describe('applications and killed callers', () => {
  it('serves several applications; a frozen one gets no answer while the others are served', async () => {
    const tenant = await Auth0Emulator.start();
    try {
      tenant.generateLogs(5, { start: new Date(Date.now() - 60_000) });
      tenant.addClient('second-client', 'second-secret');
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
