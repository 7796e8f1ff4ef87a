/**
 * Redaction end to end: dist/ run as the runner runs it. What reaches CloudWatch is the Auth0 log
 * with the named values replaced or removed, and the key is nowhere but in the runner's mask.
 */
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Auth0Log } from '../emulators/auth0.js';
import { PII_FIELDS } from '../../src/logs/pii-fields.js';
import { Fixture } from './fixture.js';

const KEY = 'e2e-redaction-key-7f3a9c1d5b2e8046';
const HOUR = 3_600_000;

let fx: Fixture;

beforeAll(async () => {
  fx = await Fixture.start();
});

afterAll(async () => {
  await fx?.close();
});

/** Whether the preset covers the value at `keys`, as DESIGN §10 defines matching. */
function inPreset(keys: string[]): boolean {
  return PII_FIELDS.some((field) =>
    field.includes('.') ? field === keys.join('.') : keys[keys.length - 1] === field,
  );
}

function token(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `hmac-sha256:${createHmac('sha256', KEY).update(text, 'utf8').digest('hex')}`;
}

/**
 * What the stored message must be: the log, key for key in its order, with each value the preset
 * covers passed to `replace` (or removed when it returns undefined). Nulls stay. Arrays are
 * transparent to paths. `covered` collects the original values.
 */
function expected(
  value: unknown,
  replace: (value: unknown) => unknown,
  covered: unknown[],
  cover: (keys: string[]) => boolean = inPreset,
  keys: string[] = [],
): unknown {
  if (Array.isArray(value))
    return value.map((item) => expected(item, replace, covered, cover, keys));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const path = [...keys, key];
    if (keys.length === 0 && ['log_id', '_id', 'date', 'type'].includes(key)) {
      out[key] = child;
    } else if (cover(path) && child !== null) {
      covered.push(child);
      const replaced = replace(child);
      if (replaced !== undefined) out[key] = replaced;
    } else {
      out[key] = expected(child, replace, covered, cover, path);
    }
  }
  return out;
}

/** The files of a cache entry as text: @actions/cache uploads a zstd (or gzip) compressed tar. */
function cacheEntryText(data: Buffer): string {
  if (data[0] === 0x1f && data[1] === 0x8b) return zlib.gunzipSync(data).toString('latin1');
  const zstd = (zlib as { zstdDecompressSync?: (input: Buffer) => Buffer }).zstdDecompressSync;
  if (zstd) return zstd(data).toString('latin1');
  return execFileSync('zstd', ['-d', '-c'], { input: data }).toString('latin1');
}

function messages(stream: string): string[] {
  return fx.cloudwatch.events('/auth0/e2e', stream).map((event) => event.message);
}

describe('redact-fields: pii with hash', () => {
  const inputs = { 'redact-fields': 'pii', 'redact-key': KEY };

  it('over two runs: one user is one token, no covered value is stored, the rest is the Auth0 log, exactly once', async () => {
    const stream = 'pii-hash';
    const first = fx.appendLogs({
      count: 240,
      spacingMs: 1_000,
      startIfEmpty: new Date(Date.now() - 2 * HOUR),
    });
    const run = { ...inputs, 'log-stream': stream, 'start-from': first[0]!.date };
    const one = await fx.run(run);
    expect(one.main.code, one.main.stdout).toBe(0);
    const second = fx.appendLogs({ count: 160, spacingMs: 1_000, startIfEmpty: new Date() });
    const two = await fx.run(run);
    expect(two.main.code, two.main.stdout).toBe(0);

    const tenant = [...first, ...second];
    expect(fx.compare({ stream })).toMatchObject({ lost: 0, duplicated: 0, stored: tenant.length });
    const stored = messages(stream);
    const covered: unknown[] = [];
    expect(stored).toEqual(tenant.map((log) => JSON.stringify(expected(log, token, covered))));

    // The logs carry user names, e-mail addresses, IPs, user agents and cities to redact.
    const originals = new Set(covered.map((value) => JSON.stringify(value)));
    expect(originals).toContain(JSON.stringify('alice@example.com'));
    expect(originals).toContain(JSON.stringify('Wellington'));
    expect(originals).toContain('-41.28');
    const text = stored.join('\n');
    for (const original of originals) {
      expect(text.includes(`:${original}`), `${original} is stored`).toBe(false);
    }

    // The same user has the same token in both runs.
    const tokensOf = (logs: Auth0Log[], name: string) =>
      new Set(
        logs
          .filter((log) => log.user_name === name)
          .map((log) => (JSON.parse(stored[tenant.indexOf(log)]!) as Auth0Log).user_name),
      );
    const inFirst = tokensOf(first, 'alice@example.com');
    const inSecond = tokensOf(second, 'alice@example.com');
    expect(inFirst.size).toBe(1);
    expect(inSecond).toEqual(inFirst);
    expect([...inFirst][0]).toBe(token('alice@example.com'));

    const redacted = JSON.parse(two.main.outputs.redacted!) as Record<string, number>;
    expect(redacted.user_name).toBe(second.filter((log) => 'user_name' in log).length);
    expect(redacted['location_info.city_name']).toBeGreaterThan(0);
    expect(two.main.summary).toContain('### Redacted');
    expect(two.main.summary).toContain('<code>user_name</code>');
    expect(two.main.warnings).toEqual([]);
  });

  it('the key appears in no log line, output, summary, state, cache entry or event', async () => {
    const stream = 'pii-key';
    const logs = fx.appendLogs({ count: 30, spacingMs: 1_000, startIfEmpty: new Date() });
    const run = fx.newRun({ ...inputs, 'log-stream': stream, 'start-from': logs[0]!.date });
    const main = await run.main();
    const post = await run.post();
    await run.cleanup();
    expect(main.code, main.stdout).toBe(0);
    expect(main.stdout).toContain(`::add-mask::${KEY}`);
    const visible = (text: string) =>
      text
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
    const entries = fx.cache.contents();
    expect(entries.length).toBeGreaterThan(0);
    const places = {
      stdout: visible(main.stdout) + visible(post.stdout),
      stderr: main.stderr + post.stderr,
      outputs: JSON.stringify(main.outputs),
      summary: main.summary,
      state: JSON.stringify(main.state),
      'cache entries': entries.map((entry) => cacheEntryText(entry.data)).join('\n'),
      events: messages(stream).join('\n'),
    };
    expect(places['cache entries']).toContain('"logId"');
    for (const [where, text] of Object.entries(places)) {
      expect(text.includes(KEY), `the key in ${where}`).toBe(false);
    }
  });
});

describe('the other methods', () => {
  it('drop removes the keys, a nested object whole, and keeps the rest of the log as it was', async () => {
    const stream = 'drop';
    const logs = fx.appendLogs({ count: 120, spacingMs: 1_000, startIfEmpty: new Date() });
    const fields = ['details', 'ip', 'user_agent'];
    const { main } = await fx.run({
      'log-stream': stream,
      'redact-fields': fields.join(','),
      'redact-method': 'drop',
      'start-from': logs[0]!.date,
    });
    expect(main.code, main.stdout).toBe(0);
    const cover = (keys: string[]) => keys.length === 1 && fields.includes(keys[0]!);
    expect(messages(stream)).toEqual(
      logs.map((log) => JSON.stringify(expected(log, () => undefined, [], cover))),
    );
    expect(messages(stream).some((message) => message.includes('"details"'))).toBe(false);
    expect(main.summary).toContain('removed (`redact-method: drop`)');
  });

  it('mask writes [redacted], and an entry that matched nothing is a warning naming it', async () => {
    const stream = 'mask';
    const logs = fx.appendLogs({ count: 80, spacingMs: 1_000, startIfEmpty: new Date() });
    const { main } = await fx.run({
      'log-stream': stream,
      'redact-fields': 'user_name location_info.*\nemial',
      'redact-method': 'mask',
      'start-from': logs[0]!.date,
    });
    expect(main.code, main.stdout).toBe(0);
    const cover = (keys: string[]) =>
      keys.join('.') === 'user_name' || (keys.length === 2 && keys[0] === 'location_info');
    expect(messages(stream)).toEqual(
      logs.map((log) => JSON.stringify(expected(log, () => '[redacted]', [], cover))),
    );
    expect(main.warnings).toHaveLength(1);
    expect(main.warnings[0]).toMatch(/'redact-fields' names 'emial', which matched no value/);
    expect(JSON.parse(main.outputs.redacted!)).not.toHaveProperty('emial');
  });
});

describe('a dry run with redaction', () => {
  it('redacts and batches as a real run would, and reports what it redacted, storing nothing', async () => {
    const logs = fx.appendLogs({ count: 50, spacingMs: 1_000, startIfEmpty: new Date() });
    const { main } = await fx.run({
      'log-stream': 'dry-redact',
      'redact-fields': 'pii',
      'redact-key': KEY,
      'dry-run': 'true',
      'start-from': logs[0]!.date,
    });
    expect(main.code, main.stdout).toBe(0);
    expect(fx.cloudwatch.hasLogStream('/auth0/e2e', 'dry-redact')).toBe(false);
    const bytes = logs
      .map((log) => Buffer.byteLength(JSON.stringify(expected(log, token, []))) + 26)
      .reduce((sum, n) => sum + n, 0);
    expect(bytes).toBeGreaterThan(1_024);
    expect(bytes).toBeLessThan(1_048_576);
    expect(main.summary).toContain(`${(bytes / 1_024).toFixed(1)} KiB in 1 PutLogEvents calls`);
    expect(main.summary).toContain('### Redacted');
    expect(JSON.parse(main.outputs.redacted!)).toMatchObject({ user_name: expect.any(Number) });
  });
});

describe('bad redaction input, end to end', () => {
  it('hash without a key: one error naming redact-key, and no request anywhere', async () => {
    fx.auth0.clearRequests();
    fx.cloudwatch.clearCalls();
    const cacheCalls = fx.cache.calls.length;
    const { main } = await fx.run({ 'log-stream': 'no-key', 'redact-fields': 'pii' });
    expect(main.code).not.toBe(0);
    expect(main.errors).toHaveLength(1);
    expect(main.errors[0]).toContain("Input 'redact-key' (value hidden): it is empty");
    expect(fx.auth0.requests).toHaveLength(0);
    expect(fx.cloudwatch.calls).toHaveLength(0);
    expect(fx.cache.calls.length).toBe(cacheCalls);
  });
});
