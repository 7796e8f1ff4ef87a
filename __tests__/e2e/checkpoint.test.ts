/**
 * Where a run starts: start-from (a date, a log_id, now), a changed start-from, a lost cache entry, a
 * checkpoint Auth0 no longer retains, and several exports in one repository.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Fixture, GROUP } from './fixture.js';

let fx: Fixture | undefined;

async function fixture(options?: Parameters<typeof Fixture.start>[0]): Promise<Fixture> {
  fx = await Fixture.start(options);
  return fx;
}

afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const ids = (logs: { log_id: string }[]) => logs.map((log) => log.log_id);

describe('start-from', () => {
  it('a date exports from the first log at or after it, keeping every log of that second', async () => {
    const f = await fixture();
    // Four logs a second, so that several share the second the date names.
    const logs = f.auth0.generateLogs(800, {
      start: new Date(Date.now() - 3_600_000),
      spacingMs: 250,
    });
    const date = new Date(Math.floor(Date.parse(logs[401]!.date) / 1_000) * 1_000);
    const { main } = await f.run({ 'start-from': date.toISOString() });
    expect(main.code, main.stdout).toBe(0);
    const expected = logs.filter((log) => Date.parse(log.date) >= date.getTime());
    expect(expected.length).toBeGreaterThan(390);
    expect(ids(f.stream().map((e) => e.log))).toEqual(ids(expected));
  });

  it('a log_id exports the logs after it', async () => {
    const f = await fixture();
    const logs = f.auth0.generateLogs(300, { start: new Date(Date.now() - 3_600_000) });
    const { main } = await f.run({ 'start-from': logs[99]!.log_id });
    expect(main.code, main.stdout).toBe(0);
    expect(ids(f.stream().map((e) => e.log))).toEqual(ids(logs.slice(100)));
  });

  it('now skips the backlog; the next run exports only what came after', async () => {
    const f = await fixture();
    f.auth0.generateLogs(500, { start: new Date(Date.now() - 3_600_000) });
    const first = await f.run({ 'start-from': 'now' });
    expect(first.main.outputs).toMatchObject({ 'logs-exported': '0', 'caught-up': 'true' });
    const added = f.auth0.generateLogs(40, { start: new Date(Date.now() - 60_000) });
    const second = await f.run({ 'start-from': 'now' });
    expect(second.main.outputs['logs-exported']).toBe('40');
    expect(ids(f.stream().map((e) => e.log))).toEqual(ids(added));
  });

  it('a changed start-from applies once, and never sends again what the stream holds', async () => {
    const f = await fixture();
    const logs = f.auth0.generateLogs(600, { start: new Date(Date.now() - 3_600_000) });
    await f.run({ 'start-from': logs[99]!.log_id });
    expect(f.stream()).toHaveLength(500);

    // Moving ahead skips logs; the record remembers the new value.
    const more = f.auth0.generateLogs(100, { start: new Date(Date.now() - 120_000) });
    const ahead = await f.run({ 'start-from': more[49]!.log_id });
    expect(ahead.main.outputs['logs-exported']).toBe('50');
    expect(ahead.main.summary).toContain('changed since the checkpoint was written');

    // Unchanged: it does not apply again.
    const newer = f.auth0.generateLogs(10, {
      start: new Date(Date.now() - 10_000),
      spacingMs: 100,
    });
    const again = await f.run({ 'start-from': more[49]!.log_id });
    expect(again.main.outputs['logs-exported']).toBe('10');

    // Pointing back into exported logs: the stream wins; nothing is sent twice.
    const back = await f.run({ 'start-from': 'oldest' });
    expect(back.main.code).toBe(0);
    expect(back.main.outputs['logs-exported']).toBe('0');
    const stored = ids(f.stream().map((e) => e.log));
    expect(stored).toEqual([...ids(logs.slice(100)), ...ids(more.slice(50)), ...ids(newer)]);
  });

  it('refuses a malformed start-from before any network call', async () => {
    const f = await fixture();
    const { main } = await f.run({ 'start-from': '2026-02-30' });
    expect(main.code).not.toBe(0);
    expect(main.errors).toHaveLength(1);
    expect(main.errors[0]).toContain("'start-from'");
    expect(f.auth0.requests).toHaveLength(0);
    expect(f.cloudwatch.calls).toHaveLength(0);
  });
});

describe('when the store has nothing or too little', () => {
  it('continues after the newest log in the stream when the cache entry is gone, and says so', async () => {
    const f = await fixture();
    f.auth0.generateLogs(400, { start: new Date(Date.now() - 3_600_000) });
    await f.run();
    f.cache.evictAll();
    f.auth0.generateLogs(25, { start: new Date(Date.now() - 30_000), spacingMs: 100 });
    const { main } = await f.run();
    expect(main.code, main.stdout).toBe(0);
    expect(main.outputs['logs-exported']).toBe('25');
    expect(main.summary).toContain('the newest log already in the stream');
    expect(main.warnings.join('\n')).toContain('No checkpoint was found');
    expect(f.compare()).toMatchObject({ lost: 0, duplicated: 0 });
  });

  it("warns of a possible gap, with dates, when the checkpoint's log is no longer retained", async () => {
    let offset = 0;
    const f = await fixture({ auth0: { retentionDays: 1, now: () => Date.now() + offset } });
    const old = f.auth0.generateLogs(50, {
      start: new Date(Date.now() - 23.5 * 3_600_000),
      spacingMs: 1_000,
    });
    await f.run();
    // Two hours later, on the tenant's clock, those logs have passed the one-day retention.
    offset = 2 * 3_600_000;
    f.auth0.generateLogs(20, { start: new Date(Date.now() + offset - 60_000), spacingMs: 1_000 });
    const { main } = await f.run();
    expect(main.code, main.stdout).toBe(0);
    expect(main.outputs['logs-exported']).toBe('20');
    const warning = main.warnings.find((w) => w.includes('Possible gap'));
    expect(warning).toBeDefined();
    expect(warning).toContain(old[old.length - 1]!.date);
    expect(main.summary).toContain('Possible gap');
  });
});

describe('the artifact store', () => {
  it('carries the checkpoint across three runs with no cache at all', async () => {
    const f = await fixture({ artifacts: true });
    f.auth0.generateLogs(300, { start: new Date(Date.now() - 3_600_000) });
    const store = { 'checkpoint-store': 'artifact' };
    const first = await f.run(store);
    expect(first.main.code, first.main.stdout).toBe(0);
    expect(first.post.stdout).toContain('Saved the checkpoint');
    f.auth0.generateLogs(40, { start: new Date(Date.now() - 60_000), spacingMs: 100 });
    const second = await f.run(store);
    expect(second.main.stdout).toMatch(
      /Restored the checkpoint \d+ from the artifact \d+ from run \d+/,
    );
    expect(second.main.outputs['logs-exported']).toBe('40');
    f.auth0.generateLogs(5, { start: new Date(Date.now() - 5_000), spacingMs: 100 });
    const third = await f.run(store);
    expect(third.main.outputs['logs-exported']).toBe('5');
    expect(third.main.summary).toContain('the stored checkpoint');
    expect(f.cache.entries()).toHaveLength(0);
    expect(f.artifacts!.artifacts()).toHaveLength(3);
    expect(f.compare()).toMatchObject({ lost: 0, duplicated: 0 });
  });

  it('says to grant actions: read when the token may not list artifacts', async () => {
    const f = await fixture({ artifacts: true });
    f.auth0.generateLogs(10, { start: new Date(Date.now() - 60_000) });
    f.artifacts!.deniedTokens.add('ghs_fake-token-for-tests');
    const { main } = await f.run({ 'checkpoint-store': 'artifact' });
    expect(main.code).not.toBe(0);
    expect(main.errors[0]).toContain('actions: read');
    expect(main.errors[0]).toContain("'github-token'");
  });

  it('falls back to the stream when every artifact has expired', async () => {
    const f = await fixture({ artifacts: true });
    f.auth0.generateLogs(50, { start: new Date(Date.now() - 3_600_000) });
    await f.run({ 'checkpoint-store': 'artifact' });
    f.artifacts!.expireAll();
    f.auth0.generateLogs(7, { start: new Date(Date.now() - 10_000), spacingMs: 100 });
    const { main } = await f.run({ 'checkpoint-store': 'artifact' });
    expect(main.outputs['logs-exported']).toBe('7');
    expect(main.warnings.join('\n')).toContain('No checkpoint was found');
    expect(f.compare()).toMatchObject({ lost: 0, duplicated: 0 });
  });
});

describe('several exports in one repository', () => {
  it('never share a checkpoint', async () => {
    const f = await fixture();
    f.auth0.generateLogs(300, { start: new Date(Date.now() - 3_600_000) });
    await f.run({ 'log-stream': 'a' });
    f.auth0.generateLogs(30, { start: new Date(Date.now() - 60_000) });
    await f.run({ 'log-stream': 'b' });
    await f.run({ 'log-stream': 'a' });
    expect(f.compare({ stream: 'a' })).toMatchObject({ lost: 0, duplicated: 0 });
    expect(f.compare({ stream: 'b' })).toMatchObject({ lost: 0, duplicated: 0 });
    const prefixes = new Set(f.cache.entries().map((entry) => entry.key.replace(/-\d+-\d+$/, '')));
    expect(prefixes.size).toBe(2);
  });

  it("refuses a checkpoint written for another target, naming 'checkpoint-key'", async () => {
    const f = await fixture();
    f.auth0.generateLogs(100, { start: new Date(Date.now() - 3_600_000) });
    await f.run({ 'log-stream': 'a', 'checkpoint-key': 'shared' });
    const { main } = await f.run({ 'log-stream': 'b', 'checkpoint-key': 'shared' });
    expect(main.code).not.toBe(0);
    expect(main.errors[0]).toContain("'checkpoint-key'");
    expect(main.errors[0]).toContain(`${GROUP}/a`);
    expect(f.stream(GROUP, 'b')).toHaveLength(0);
  });
});
