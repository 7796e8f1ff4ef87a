/**
 * Auth0 and CloudWatch failing 15% of the time, in every way they fail: scheduled runs, repeated
 * until caught up, must deliver every log exactly once. One round of dist/ as the runner runs it, with
 * faults on every CloudWatch operation; 200 rounds run in-process in
 * __tests__/integration/faults.property.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fixture } from './fixture.js';

const ROUNDS = 1;
const LOGS_PER_ROUND = 2_500;
const MAX_RUNS_PER_ROUND = 6;

let fx: Fixture;

beforeAll(async () => {
  fx = await Fixture.start({ auth0: { seed: 11 }, cloudwatch: { seed: 13 } });
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
    // At least one put is stored and then loses its response, whatever the dice say.
    fx.cloudwatch.failNext('stored-then-reset', { operations: ['PutLogEvents'] });

    const lines: string[] = [];
    let runs = 0;
    let retries = 0;
    let foundStored = 0;
    let caughtUp = false;
    for (let round = 1; round <= ROUNDS; round += 1) {
      fx.appendLogs({
        count: LOGS_PER_ROUND,
        spacingMs: 2_000,
        startIfEmpty: new Date(Date.now() - 13 * 86_400_000),
      });
      caughtUp = false;
      for (let attempt = 1; attempt <= MAX_RUNS_PER_ROUND && !caughtUp; attempt += 1) {
        const { main, post } = await fx.run();
        runs += 1;
        expect(post.code, post.stdout + post.stderr).toBe(0);
        caughtUp = main.code === 0 && main.outputs['caught-up'] === 'true';
        retries += (main.stdout.match(/retrying in/g) ?? []).length;
        foundStored += (main.stdout.match(/may have been stored/g) ?? []).length;
        lines.push(
          `round ${round} run ${attempt}: exit ${main.code}, exported ${main.outputs['logs-exported'] ?? '-'}${main.errors.length ? `, error: ${main.errors[0]!.slice(0, 160)}` : ''}`,
        );
      }
      expect(caughtUp, lines.join('\n')).toBe(true);
    }
    const comparison = fx.compare();
    console.log(
      [
        ...lines,
        `runs: ${runs} for ${ROUNDS} rounds; retries logged: ${retries}; puts whose outcome was unknown: ${foundStored}`,
        `Auth0 faults injected: ${JSON.stringify(fx.auth0.stats.faults)}`,
        `CloudWatch faults injected: ${JSON.stringify(fx.cloudwatch.stats.faults)} over ${JSON.stringify(fx.cloudwatch.stats.operations)}`,
        `stream ${comparison.stored} of ${comparison.expected}: lost ${comparison.lost}, duplicated ${comparison.duplicated}`,
      ].join('\n'),
    );
    expect(fx.cloudwatch.stats.faults['stored-then-reset']).toBeGreaterThanOrEqual(1);
    expect({ lost: comparison.lost, duplicated: comparison.duplicated }).toEqual({
      lost: 0,
      duplicated: 0,
    });
  }, 900_000);
});
