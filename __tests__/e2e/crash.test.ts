/**
 * Runs cancelled (SIGINT, as the runner does) or killed (SIGKILL) at random moments: the post step
 * saves what main acknowledged, the next run finishes, and the stream ends up holding every log of
 * the tenant exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../emulators/loopback.js';
import { Fixture } from './fixture.js';

const REPETITIONS = 20;
const LOGS_PER_REPETITION = 1_500;
/** Logs of about 4 KiB fill a 1 MiB put every ~250 logs, so interruptions land between puts too. */
const DETAIL_BYTES = 3_200;

let fx: Fixture;

beforeAll(async () => {
  // A modest rate limit makes a run last long enough to be interrupted mid-way.
  fx = await Fixture.start({ auth0: { rateLimit: { limit: 4, refillPerSecond: 12 }, seed: 7 } });
});

afterAll(async () => {
  await fx?.close();
});

describe('cancellation and crashes', () => {
  it(`loses and repeats nothing over ${REPETITIONS} runs interrupted at random moments`, async () => {
    const next = seededRandom(2026);
    const rows: string[] = [];
    let totalLost = 0;
    let totalDuplicated = 0;
    for (let repetition = 0; repetition < REPETITIONS; repetition += 1) {
      fx.appendLogs(
        LOGS_PER_REPETITION,
        1_000,
        new Date(Date.now() - (REPETITIONS + 1) * LOGS_PER_REPETITION * 1_000),
        DETAIL_BYTES,
      );
      const signal: NodeJS.Signals = repetition % 2 === 0 ? 'SIGKILL' : 'SIGINT';
      const delayMs = Math.round(100 + next() * 2_000);
      const run = fx.newRun({ 'batch-size': '50' });
      let timer: NodeJS.Timeout | undefined;
      const main = await run.main((child) => {
        timer = setTimeout(() => child.kill(signal), delayMs);
      });
      clearTimeout(timer);
      const post = await run.post();
      await run.cleanup();
      expect(post.code, post.stdout + post.stderr).toBe(0);

      const finish = await fx.run();
      expect(finish.main.code, finish.main.stdout + finish.main.stderr).toBe(0);
      expect(finish.main.outputs['caught-up']).toBe('true');
      const { lost, duplicated, stored } = fx.compare();
      totalLost += lost;
      totalDuplicated += duplicated;
      rows.push(
        `#${String(repetition + 1).padStart(2)} ${signal.padEnd(7)} after ${String(delayMs).padStart(4)} ms: main ${main.signal ?? `exit ${main.code}`}, checkpoint handed to post: ${main.state.checkpoint ? 'yes' : 'no'}; stream ${stored}, lost ${lost}, duplicated ${duplicated}`,
      );
    }
    console.log(
      `Interrupted runs:\n${rows.join('\n')}\nlost ${totalLost}, duplicated ${totalDuplicated}`,
    );
    expect({ lost: totalLost, duplicated: totalDuplicated }).toEqual({ lost: 0, duplicated: 0 });
  }, 600_000);

  it('on SIGINT, main stops, keeps its progress and exits before the runner would kill it', async () => {
    fx.appendLogs(6_000, 100, new Date(Date.now() - 3_600_000), DETAIL_BYTES);
    const run = fx.newRun({ 'batch-size': '100' });
    const timers: NodeJS.Timeout[] = [];
    // The runner's protocol: SIGINT, SIGTERM 7.5 s later, then a kill 2.5 s after that.
    const main = await run.main((child) => {
      timers.push(setTimeout(() => child.kill('SIGINT'), 2_000));
      timers.push(setTimeout(() => child.kill('SIGTERM'), 9_500));
      timers.push(setTimeout(() => child.kill('SIGKILL'), 12_000));
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
    const finish = await fx.run();
    expect(finish.main.code).toBe(0);
    expect(fx.compare()).toMatchObject({ lost: 0, duplicated: 0 });
  }, 120_000);
});
