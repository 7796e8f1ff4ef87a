/** dry-run: everything a real run reads, nothing it writes; the next real run exports it all once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fixture } from './fixture.js';

/** The CloudWatch Logs operations that read; any other one writes. */
const READS = new Set(['DescribeLogStreams', 'DescribeLogGroups', 'GetLogEvents']);
/** The cache service's calls that save an entry. */
const CACHE_WRITES = new Set(['CreateCacheEntry', 'FinalizeCacheEntryUpload', 'upload']);

let fx: Fixture;

beforeAll(async () => {
  fx = await Fixture.start();
  fx.auth0.generateLogs(1_000, { start: new Date(Date.now() - 3_600_000), spacingMs: 3_000 });
});

afterAll(async () => {
  await fx?.close();
});

describe('a dry run', () => {
  it('reads and batches ~1,000 logs, writes nothing anywhere, and says what it would send', async () => {
    const { main, post } = await fx.run({ 'dry-run': 'true' });
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(post.code, post.stdout + post.stderr).toBe(0);

    const writes = fx.cloudwatch.calls.filter((call) => !READS.has(call.operation));
    expect(writes.map((call) => call.operation)).toEqual([]);
    expect(fx.cloudwatch.hasLogStream('/auth0/e2e', 'tenant-logs')).toBe(false);
    expect(fx.cache.calls.filter((call) => CACHE_WRITES.has(call.method))).toEqual([]);
    expect(main.state).not.toHaveProperty('checkpoint');
    expect(post.stdout).toContain('Dry run: no checkpoint is saved.');

    const [first, last] = [fx.auth0.logs[0]!, fx.auth0.logs[fx.auth0.logs.length - 1]!];
    expect(main.summary).toContain('Dry run: nothing was written.');
    expect(main.summary).toContain('It would have exported **1,000** logs');
    expect(main.summary).toContain(`<code>${first.log_id}</code> to <code>${last.log_id}</code>`);
    expect(main.summary).toMatch(/Estimated ingestion cost: about USD \d+\.\d{4}/);
    expect(main.summary).toContain('does not exist yet: a real run creates it');
    expect(main.outputs).toMatchObject({ 'logs-exported': '0', checkpoint: '' });
  });

  it('leaves everything for the next real run, which exports each log exactly once', async () => {
    const { main } = await fx.run();
    expect(main.code, main.stdout + main.stderr).toBe(0);
    expect(main.outputs['logs-exported']).toBe('1000');
    expect(fx.compare()).toMatchObject({ lost: 0, duplicated: 0, stored: 1_000 });
  });

  it('refuses dry-run: maybe before any request', async () => {
    fx.auth0.requests.length = 0;
    fx.cloudwatch.clearCalls();
    const cacheCalls = fx.cache.calls.length;
    const { main } = await fx.run({ 'dry-run': 'maybe' });
    expect(main.code).not.toBe(0);
    expect(main.errors).toHaveLength(1);
    expect(main.errors[0]).toMatch(/'dry-run' has the value "maybe"; expected true or false/);
    expect(fx.auth0.requests).toHaveLength(0);
    expect(fx.cloudwatch.calls).toHaveLength(0);
    expect(fx.cache.calls).toHaveLength(cacheCalls);
  });
});
