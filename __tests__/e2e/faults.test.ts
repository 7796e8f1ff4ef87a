/**
 * Auth0 and CloudWatch failing 15% of the time, in every way they fail: scheduled runs repeated until
 * caught up must deliver every log exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fixture } from './fixture.js';

const LOGS = 4_000;
const MAX_RUNS = 12;

let fx: Fixture;

beforeAll(async () => {
  fx = await Fixture.start({ auth0: { seed: 11 }, cloudwatch: { seed: 13 } });
  fx.auth0.generateLogs(LOGS, { start: new Date(Date.now() - 6 * 3_600_000), spacingMs: 5_000 });
});

afterAll(async () => {
  await fx?.close();
});

describe('faults on both sides', () => {
  it('delivers every log once through 15% failing Auth0 and CloudWatch calls', async () => {
    fx.auth0.injectFaults({
      probability: 0.15,
      kinds: ['rate-limit', 'server-error', 'unavailable', 'reset'],
    });
    fx.cloudwatch.injectFaults({
      probability: 0.15,
      kinds: ['throttle', 'unavailable', 'reset', 'stored-then-reset'],
    });
    const runs: string[] = [];
    let caughtUp = false;
    for (let run = 1; run <= MAX_RUNS && !caughtUp; run += 1) {
      // Smaller batches make more puts, so that more of them meet a fault.
      const { main, post } = await fx.run({ 'batch-size': '100' });
      expect(post.code, post.stdout + post.stderr).toBe(0);
      caughtUp = main.code === 0 && main.outputs['caught-up'] === 'true';
      runs.push(
        `run ${run}: exit ${main.code}, exported ${main.outputs['logs-exported'] ?? '-'}${main.errors.length ? `, error: ${main.errors[0]}` : ''}`,
      );
    }
    const comparison = fx.compare();
    const auth0Faults = fx.auth0.stats;
    const cloudwatchFaults = fx.cloudwatch.stats;
    console.log(
      [
        ...runs,
        `Auth0 faults injected: ${JSON.stringify(auth0Faults)}`,
        `CloudWatch faults injected: ${JSON.stringify(cloudwatchFaults)}`,
        `stream ${comparison.stored} of ${comparison.expected}: lost ${comparison.lost}, duplicated ${comparison.duplicated}`,
      ].join('\n'),
    );
    expect(caughtUp).toBe(true);
    expect({ lost: comparison.lost, duplicated: comparison.duplicated }).toEqual({
      lost: 0,
      duplicated: 0,
    });
  }, 600_000);
});
