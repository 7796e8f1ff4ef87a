/**
 * A run killed (SIGKILL) or cancelled (SIGINT, as the runner does) in the middle: the post step saves
 * what main acknowledged, the next run finishes, and the stream ends up holding every log of the
 * tenant exactly once. Kills and cancellations at hundreds of random moments are proven in-process
 * (__tests__/integration/kills.property.test.ts); these two runs prove it of dist/ as the runner runs it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Fixture } from './fixture.js';

/** Logs of about 4 KiB fill a 1 MiB put every ~250 logs, so a run makes several puts. */
const DETAIL_BYTES = 3_200;

let fx: Fixture | undefined;

afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('a crash and a cancellation', () => {
  it('SIGKILL just after CloudWatch stored a put, before its answer: nothing lost, nothing twice', async () => {
    fx = await Fixture.start();
    const f = fx;
    f.appendLogs({ count: 1_500, spacingMs: 1_000, detailBytes: DETAIL_BYTES });
    const key = 'AKIDEXAMPLEKILLED001';
    const run = f.newRun({ 'batch-size': '50', 'aws-access-key-id': key });
    let puts = 0;
    let storedAfterFirstPut = 0;
    const main = await run.main((child) => {
      f.cloudwatch.onRequest = (moment) => {
        if (moment.accessKeyId !== key || moment.operation !== 'PutLogEvents') return;
        if (moment.phase !== 'processed') return;
        puts += 1;
        if (puts === 1) storedAfterFirstPut = f.stream().length;
        if (puts === 2) {
          // The second put is stored; its answer never leaves, and the process dies.
          f.cloudwatch.freeze(key);
          child.kill('SIGKILL');
        }
      };
    });
    f.cloudwatch.onRequest = undefined;
    const post = await run.post();
    await run.cleanup();
    expect(main.signal).toBe('SIGKILL');
    expect(post.code, post.stdout + post.stderr).toBe(0);
    expect(post.stdout).toContain('Saved the checkpoint');
    // The checkpoint handed to post is the first put's last log; the stream holds two puts.
    const saved = JSON.parse(main.state.checkpoint!) as { logId: string };
    expect(saved.logId).toBe(f.stream()[storedAfterFirstPut - 1]!.log.log_id);
    expect(f.stream().length).toBeGreaterThan(storedAfterFirstPut);

    const finish = await f.run();
    expect(finish.main.code, finish.main.stdout + finish.main.stderr).toBe(0);
    expect(finish.main.outputs['caught-up']).toBe('true');
    expect(finish.main.stdout).toContain('past the checkpoint');
    expect(f.compare()).toMatchObject({ lost: 0, duplicated: 0 });
  });

  it('on SIGINT, main stops, keeps its progress and exits before the runner would kill it', async () => {
    fx = await Fixture.start();
    const f = fx;
    f.appendLogs({ count: 3_000, spacingMs: 100, detailBytes: DETAIL_BYTES });
    const run = f.newRun({ 'batch-size': '100' });
    const timers: NodeJS.Timeout[] = [];
    // The runner's protocol: SIGINT, SIGTERM 7.5 s later, then a kill 2.5 s after that. The SIGINT
    // comes as soon as CloudWatch has stored a first put, so the run is surely in the middle.
    const main = await run.main((child) => {
      f.cloudwatch.onRequest = (moment) => {
        if (moment.operation !== 'PutLogEvents' || moment.phase !== 'processed') return;
        f.cloudwatch.onRequest = undefined;
        child.kill('SIGINT');
        timers.push(setTimeout(() => child.kill('SIGTERM'), 7_500));
        timers.push(setTimeout(() => child.kill('SIGKILL'), 10_000));
      };
    });
    timers.forEach(clearTimeout);
    const post = await run.post();
    await run.cleanup();
    expect(main.signal, 'main was killed instead of exiting by itself').toBeNull();
    expect(main.code).not.toBe(0);
    expect(main.stdout).toContain('Received SIGINT');
    expect(post.code).toBe(0);
    // At least one put was acknowledged before the signal, and the post step saved its checkpoint.
    expect(main.state.checkpoint).toBeDefined();
    expect(post.stdout).toContain('Saved the checkpoint');
    expect(f.compare().stored).toBeLessThan(3_000);
    const finish = await f.run();
    expect(finish.main.code).toBe(0);
    expect(f.compare()).toMatchObject({ lost: 0, duplicated: 0 });
  });
});
