/**
 * max-duration, in-process: the input's floor is 10 s (a product rule, refused below it), which a
 * child process would have to sit out. On the test clock, a run paced by a tight Auth0 rate limit
 * reaches its deadline in milliseconds, with the real source, sink and emulators.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckpointRecord } from '../../src/checkpoint/record.js';
import { outputsOf } from '../../src/report/outputs.js';
import { renderSummary } from '../../src/report/summary.js';
import { runOnce, World } from './world.js';

/** The smallest max-duration the input accepts. */
const MAX_DURATION_MS = 10_000;

let world: World | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('the time budget', () => {
  it('max-duration stops cleanly, keeps the checkpoint, says how far behind; the next run finishes', async () => {
    // Two requests a second: 4,000 logs in pages of 50 take 40 s of the tenant's clock.
    world = await World.start({ seed: 5, auth0: { rateLimit: { limit: 2, refillPerSecond: 2 } } });
    world.appendLogs({ count: 4_000, spacingMs: 1_000 });
    const checkpoints: CheckpointRecord[] = [];
    const startedAt = world.clock.now();
    const { result, error } = await runOnce({
      pipeline: world.pipeline(),
      batchSize: 50,
      accepts: () => true,
      clock: world.clock,
      deadline: startedAt + MAX_DURATION_MS,
      onCheckpoint: (record) => checkpoints.push(record),
    });

    expect(error).toBeUndefined();
    expect(result).toMatchObject({ stoppedBy: 'max-duration', caughtUp: false });
    expect(result!.tally.exported).toBeGreaterThan(0);
    expect(result!.tally.exported).toBeLessThan(4_000);
    // What was fetched before the deadline was sent, and the checkpoint stands after it.
    const stored = world.streamIds();
    expect(stored).toHaveLength(result!.tally.exported);
    expect(checkpoints.at(-1)!.logId).toBe(stored.at(-1));
    expect(world.unsettledUpTo(checkpoints.at(-1)!.logId, () => true)).toEqual([]);
    // It stopped at the deadline, not long after it: at most one page and one put later.
    expect(world.clock.now() - startedAt).toBeLessThan(MAX_DURATION_MS + 5_000);

    // What the user reads: the outputs and the summary's first line.
    const finishedAt = world.clock.now();
    expect(outputsOf(result!, finishedAt)['caught-up']).toBe('false');
    const summary = renderSummary({
      tenant: world.auth0.domain,
      logGroup: 'g',
      logStream: 's',
      result,
      startedAt,
      finishedAt,
      warnings: [],
    });
    expect(summary).toMatch(/stopped at max-duration, .* behind/);

    const rest = await runOnce({
      pipeline: world.pipeline(),
      batchSize: 100,
      accepts: () => true,
      clock: world.clock,
      restored: checkpoints.at(-1),
      onCheckpoint: (record) => checkpoints.push(record),
    });
    expect(rest.result).toMatchObject({ caughtUp: true, startReason: 'checkpoint' });
    expect(rest.result!.tally.exported).toBe(4_000 - result!.tally.exported);
    expect(world.compare()).toMatchObject({ lost: 0, duplicated: 0 });
  });
});
