/**
 * Delivery rules 1 to 4 when the action is killed (SIGKILL) or cancelled (SIGINT) at random moments.
 *
 * A kill is modelled as it happens to the process: from the kill moment on, nothing of that
 * incarnation reaches Auth0 or CloudWatch (the emulators freeze its own Auth0 application and AWS
 * access key: requests that arrive are never processed, answers not yet sent are never sent), its
 * sleeps never end, and of its checkpoints only the last one handed to `onCheckpoint` before the
 * kill survives (the post step saves it). A put that CloudWatch had processed stays stored. The next
 * incarnation is a new pipeline that starts from what survived and reads the stream's tail first.
 */
import { describe, expect, it } from 'vitest';
import type { CheckpointRecord } from '../../src/checkpoint/record.js';
import type { Sleep } from '../../src/retry.js';
import { seededRandom } from '../emulators/loopback.js';
import { pick, runOnce, typeFilter, World, type Pipeline, type RunOutcome } from './world.js';

const ROUNDS = Number(process.env.KILL_ROUNDS ?? 200);
const SEED = Number(process.env.KILL_SEED ?? 7);
const MAX_INCARNATIONS = 30;
/** An interruption falls on one of the first this-many moments of a run. */
const MOMENTS = 16;
const SCHEDULE_MS = 5 * 60_000;

type Moment =
  | 'kill as a request arrives'
  | 'kill once a request is processed, before its answer'
  | 'kill once a put is stored, before its answer'
  | 'kill during a sleep'
  | 'kill before a checkpoint is saved'
  | 'kill after a checkpoint is saved'
  | 'cancel';

interface Incarnation {
  world: World;
  random: () => number;
  batchSize: number;
  accepts: (type: string) => boolean;
  survived: CheckpointRecord | undefined;
  /**
   * Interrupt at this moment of the run: the n-th of any (a request arriving, a sleep, a
   * checkpoint), or the n-th PutLogEvents, the moment where a crash can duplicate.
   */
  interruptAt: { any: number } | { put: number };
  how: 'kill' | 'cancel' | 'none';
  onViolation: (message: string) => void;
}

interface IncarnationEnd {
  survived: CheckpointRecord | undefined;
  interrupted?: Moment;
  outcome?: RunOutcome;
}

/** Runs one main step of the action, interrupting it at the chosen moment. */
async function incarnation(options: Incarnation): Promise<IncarnationEnd> {
  const { world, random } = options;
  let survived = options.survived;
  let moments = 0;
  let dead = false;
  let interrupted: Moment | undefined;
  let killOnProcessed = false;
  let declareDead!: () => void;
  const killed = new Promise<void>((resolve) => (declareDead = resolve));
  const cancel = new AbortController();

  const kill = (moment: Moment): void => {
    dead = true;
    interrupted = moment;
    world.auth0.freeze(pipeline.clientId);
    world.cloudwatch.freeze(pipeline.accessKeyId);
    declareDead();
  };
  /** Counts a moment of the run; true when the interruption falls on it. */
  let puts = 0;
  const isTheMoment = (put = false): boolean => {
    if (dead || interrupted) return false;
    moments += 1;
    if (put) puts += 1;
    const at = options.interruptAt;
    const now = 'any' in at ? moments === at.any : put && puts === at.put;
    if (!now || options.how === 'none') return false;
    if (options.how === 'cancel') {
      interrupted = 'cancel';
      cancel.abort();
      return false;
    }
    return true;
  };

  const sleep: Sleep = (ms, signal) => {
    if (dead) return new Promise(() => undefined);
    if (isTheMoment()) {
      kill('kill during a sleep');
      return new Promise(() => undefined);
    }
    return world.clock.sleep(ms, signal);
  };
  const pipeline: Pipeline = world.pipeline({ sleep, signal: cancel.signal });

  world.auth0.onRequest = (moment) => {
    if (moment.clientId !== pipeline.clientId || dead) return;
    if (moment.phase === 'processed') {
      if (killOnProcessed) kill('kill once a request is processed, before its answer');
      return;
    }
    if (!isTheMoment()) return;
    if (random() < 0.5) kill('kill as a request arrives');
    else killOnProcessed = true;
  };
  world.cloudwatch.onRequest = (moment) => {
    if (moment.accessKeyId !== pipeline.accessKeyId || dead) return;
    if (moment.phase === 'processed') {
      if (!killOnProcessed) return;
      kill(
        moment.operation === 'PutLogEvents'
          ? 'kill once a put is stored, before its answer'
          : 'kill once a request is processed, before its answer',
      );
      return;
    }
    if (!isTheMoment(moment.operation === 'PutLogEvents')) return;
    if (random() < 0.5) kill('kill as a request arrives');
    else killOnProcessed = true;
  };

  const onCheckpoint = (record: CheckpointRecord): void => {
    if (dead) return;
    const unsettled = world.unsettledUpTo(record.logId, (log) => options.accepts(log.type));
    if (unsettled.length > 0) {
      options.onViolation(`checkpoint ${record.logId} passes ${unsettled.length} logs not stored`);
    }
    if (isTheMoment()) {
      if (random() < 0.5) return kill('kill before a checkpoint is saved');
      survived = record;
      return kill('kill after a checkpoint is saved');
    }
    survived = record;
  };

  const run = runOnce({
    pipeline,
    batchSize: options.batchSize,
    accepts: options.accepts,
    restored: options.survived,
    clock: world.clock,
    onCheckpoint,
    signal: cancel.signal,
  });
  // A killed run never settles; one that does after its kill has no effect on anything.
  run.catch(() => undefined);
  const outcome = await Promise.race([run, killed.then(() => undefined)]);
  return { survived, interrupted, outcome: dead ? undefined : outcome };
}

describe('kills and cancellations at random moments, in-process', () => {
  it(`loses and repeats nothing over ${ROUNDS} rounds of interrupted runs`, async () => {
    const totals = { logs: 0, incarnations: 0, lost: 0, duplicated: 0 };
    const byMoment = new Map<Moment, number>();
    const violations: string[] = [];
    const started = Date.now();
    const cpu = process.cpuUsage();

    for (let round = 0; round < ROUNDS; round += 1) {
      const random = seededRandom(SEED * 1_000 + round);
      const world = await World.start({
        seed: SEED + round,
        // A small rate limit makes the source wait for the bucket: sleeps to be killed in.
        auth0: { rateLimit: { limit: pick(random, [3, 50]), refillPerSecond: 10 } },
        // The next run comes minutes later, long after CloudWatch makes new events readable.
        cloudwatch: { readDelayMs: pick(random, [0, 500, 2_500]) },
      });
      try {
        const filter = typeFilter(random);
        const batchSize = pick(random, [1, 7, 50, 100]);
        const logs = () => ({
          count: 1 + Math.floor(random() * (batchSize < 10 ? 30 : 100)),
          spacingMs: pick(random, [250, 2_000, 30 * 60_000, 30 * 60_000]),
          detailBytes: pick(random, [0, 0, 3_000]),
        });
        totals.logs += world.appendLogs(logs()).length;

        let survived: CheckpointRecord | undefined;
        let caughtUp = false;
        for (let n = 1; n <= MAX_INCARNATIONS && !caughtUp; n += 1) {
          if (n > 1 && random() < 0.3) totals.logs += world.appendLogs(logs()).length;
          const dice = random();
          const how =
            n === MAX_INCARNATIONS || dice < 0.15 ? 'none' : dice < 0.4 ? 'cancel' : 'kill';
          const end = await incarnation({
            world,
            random,
            batchSize,
            accepts: filter.accepts,
            survived,
            interruptAt:
              random() < 0.6
                ? { any: 1 + Math.floor(random() * MOMENTS) }
                : { put: 1 + Math.floor(random() * 2) },
            how,
            onViolation: (message) => violations.push(`round ${round}, run ${n}: ${message}`),
          });
          totals.incarnations += 1;
          survived = end.survived;
          if (end.interrupted)
            byMoment.set(end.interrupted, (byMoment.get(end.interrupted) ?? 0) + 1);
          caughtUp =
            !end.interrupted && !end.outcome?.error && end.outcome?.result?.caughtUp === true;
          world.clock.advance(SCHEDULE_MS);
        }
        const accepts = (log: { type: string }) => filter.accepts(log.type);
        const { lost, duplicated } = world.compare(accepts);
        totals.lost += lost;
        totals.duplicated += duplicated;
        if (!caughtUp) violations.push(`round ${round}: never caught up`);
        if (lost || duplicated) {
          violations.push(
            `round ${round} (batch-size ${batchSize}, ${filter.label}): lost ${lost}, duplicated ${duplicated}`,
          );
        }
      } finally {
        await world.close();
      }
    }

    console.log(
      [
        `Kills in-process: ${ROUNDS} rounds (seed ${SEED}) in ${((Date.now() - started) / 1000).toFixed(1)} s (CPU ${cpuSeconds(cpu)} s)`,
        `logs ${totals.logs}, runs ${totals.incarnations}`,
        ...[...byMoment].sort().map(([moment, count]) => `  ${moment}: ${count}`),
        `lost ${totals.lost}, duplicated ${totals.duplicated}, violations ${violations.length}`,
      ].join('\n'),
    );
    expect(violations).toEqual([]);
    // At the default number of rounds, every kind of moment was hit.
    if (ROUNDS >= 200) expect(byMoment.size).toBe(7);
    expect({ lost: totals.lost, duplicated: totals.duplicated }).toEqual({
      lost: 0,
      duplicated: 0,
    });
  }, 120_000);
});

/** CPU time this worker spent since `since`: a figure that does not depend on the machine's load. */
function cpuSeconds(since: NodeJS.CpuUsage): string {
  const used = process.cpuUsage(since);
  return ((used.user + used.system) / 1e6).toFixed(1);
}
