/**
 * Failures that must say what to do, bad input refused before any network call, and the time budget:
 * dist/ run as the runner runs it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BAD_INPUTS } from '../bad-inputs.js';
import { Fixture, GROUP, STREAM } from './fixture.js';

let fx: Fixture;

beforeAll(async () => {
  fx = await Fixture.start();
  fx.auth0.generateLogs(600, { start: new Date(Date.now() - 3_600_000), spacingMs: 1_000 });
});

afterAll(async () => {
  await fx?.close();
});

afterEach(() => {
  fx.auth0.clearFaults();
  fx.cloudwatch.clearFaults();
  fx.cloudwatch.deniedOperations.clear();
});

describe('bad input, end to end', () => {
  it.each(
    BAD_INPUTS.map(([input, value, accepted]) => [
      input,
      value.length > 40 ? `${value.slice(0, 20)}… (${value.length} characters)` : value,
      value,
      accepted,
    ]),
  )('%s = %j: one error naming it, nothing sent', async (input, _label, value, accepted) => {
    fx.auth0.clearRequests();
    fx.cloudwatch.clearCalls();
    const cacheCalls = fx.cache.calls.length;
    // The fixture passes both static keys; the credential rows are about one of them alone.
    const alone: Record<string, Record<string, string>> = {
      'aws-access-key-id': { 'aws-secret-access-key': '' },
      'aws-secret-access-key': { 'aws-access-key-id': '' },
      'aws-session-token': { 'aws-access-key-id': '', 'aws-secret-access-key': '' },
    };
    const { main } = await fx.run({
      ...alone[input],
      [input]: value,
    });
    expect(main.code).not.toBe(0);
    expect(main.errors).toHaveLength(1);
    expect(main.errors[0]).toContain(`'${input}'`);
    expect(main.errors[0]).toMatch(accepted);
    expect(fx.auth0.requests).toHaveLength(0);
    expect(fx.cloudwatch.calls).toHaveLength(0);
    expect(fx.cache.calls.length).toBe(cacheCalls);
  });
});

describe('Auth0 failures say what to do', () => {
  it('a missing read:logs scope is named', async () => {
    const f = await Fixture.start({ auth0: { scopes: ['read:users'] } });
    try {
      f.auth0.generateLogs(10, { start: new Date(Date.now() - 60_000) });
      const { main } = await f.run();
      expect(main.code).not.toBe(0);
      expect(main.errors[0]).toContain('read:logs');
    } finally {
      await f.close();
    }
  });

  it('a token rejected mid-run is fetched again, once, and the run goes on', async () => {
    const tokens = fx.auth0.stats.tokens;
    fx.auth0.failNext('unauthorized', 1, /^\/api\/v2\/logs$/);
    const { main } = await fx.run({ 'log-stream': 'token-refresh' });
    expect(main.code, main.stdout).toBe(0);
    expect(fx.auth0.stats.tokens - tokens).toBe(2);
    expect(fx.compare({ stream: 'token-refresh' })).toMatchObject({ lost: 0, duplicated: 0 });
  });

  it('a checkpoint Auth0 refuses is named, with how to reset it', async () => {
    await fx.run({ 'log-stream': 'refused' });
    fx.auth0.generateLogs(5, { start: new Date(Date.now() - 5_000), spacingMs: 100 });
    fx.auth0.failNext('bad-request', 1, /^\/api\/v2\/logs$/);
    const { main } = await fx.run({ 'log-stream': 'refused' });
    expect(main.code).not.toBe(0);
    expect(main.errors[0]).toMatch(/refused the checkpoint log_id \d+/);
    expect(main.errors[0]).toContain("'start-from'");
  });
});

describe('CloudWatch failures say what to do', () => {
  it('access denied names the missing IAM action', async () => {
    fx.cloudwatch.deniedOperations.add('PutLogEvents');
    const { main, post } = await fx.run({ 'log-stream': 'denied' });
    expect(main.code).not.toBe(0);
    expect(main.errors[0]).toContain('logs:PutLogEvents');
    expect(main.errors[0]).toContain('IAM policy');
    expect(post.code).toBe(0);
  });

  it('unknown credentials are named as such', async () => {
    const f = await Fixture.start({ cloudwatch: { accessKeyId: 'AKIDEXAMPLE000000009' } });
    try {
      f.auth0.generateLogs(10, { start: new Date(Date.now() - 60_000) });
      const { main } = await f.run();
      expect(main.code).not.toBe(0);
      expect(main.errors[0]).toContain("'aws-access-key-id'");
      expect(main.errors[0]).toContain('did not recognise the access key ID');
    } finally {
      await f.close();
    }
  });

  it('an invalid batch fails at once with its bounds instead of looping', async () => {
    fx.cloudwatch.clearCalls();
    fx.cloudwatch.failNext('invalid', 1, ['PutLogEvents']);
    const { main } = await fx.run({ 'log-stream': 'invalid' });
    expect(main.code).not.toBe(0);
    expect(main.errors[0]).toMatch(/bug in the action's batching.*log_ids \d+ to \d+/);
    expect(fx.cloudwatch.calls.filter((call) => call.operation === 'PutLogEvents')).toHaveLength(1);
    expect(fx.stream(GROUP, 'invalid')).toHaveLength(0);
  });

  it('a log group deleted during the run is created again and nothing is lost', async () => {
    fx.cloudwatch.failNext('delete-group', 1, ['PutLogEvents']);
    const { main } = await fx.run({ 'log-group': '/auth0/recreated', 'log-stream': STREAM });
    expect(main.code, main.stdout).toBe(0);
    expect(main.stdout).toContain('disappeared during the run');
    expect(fx.compare({ group: '/auth0/recreated' })).toMatchObject({ lost: 0, duplicated: 0 });
  });

  it('without create-if-missing, a missing group is an error that says how to fix it', async () => {
    const { main } = await fx.run({ 'log-group': '/auth0/absent', 'create-if-missing': 'false' });
    expect(main.code).not.toBe(0);
    expect(main.errors[0]).toContain("The log group '/auth0/absent' does not exist");
    expect(main.errors[0]).toContain("'create-if-missing: true'");
    expect(fx.cloudwatch.hasLogGroup('/auth0/absent')).toBe(false);
  });

  it('retention-days applies to a group the action creates', async () => {
    const { main } = await fx.run({ 'log-group': '/auth0/retained', 'retention-days': '14' });
    expect(main.code).toBe(0);
    expect(fx.cloudwatch.retentionOf('/auth0/retained')).toBe(14);
  });
});

describe('the time budget', () => {
  it('max-duration stops cleanly, keeps the checkpoint, says how far behind; the next run finishes', async () => {
    const f = await Fixture.start({ auth0: { rateLimit: { limit: 2, refillPerSecond: 2 } } });
    try {
      f.auth0.generateLogs(4_000, {
        start: new Date(Date.now() - 5 * 3_600_000),
        spacingMs: 1_000,
      });
      // The whole free bucket (no reserve) keeps the test short; the reserve has tests of its own.
      const free = { 'rate-limit-reserve': '0' };
      const first = await f.run({ ...free, 'max-duration': '10s', 'batch-size': '50' });
      expect(first.main.code, first.main.stdout).toBe(0);
      expect(first.main.outputs['caught-up']).toBe('false');
      expect(Number(first.main.outputs['logs-exported'])).toBeGreaterThan(0);
      expect(first.main.summary).toMatch(/stopped at max-duration, .* behind/);
      expect(first.post.stdout).toContain('Saved the checkpoint');
      const rest = await f.run({ ...free, 'batch-size': '100' });
      expect(rest.main.outputs['caught-up']).toBe('true');
      expect(f.compare()).toMatchObject({ lost: 0, duplicated: 0 });
    } finally {
      await f.close();
    }
  }, 120_000);
});
