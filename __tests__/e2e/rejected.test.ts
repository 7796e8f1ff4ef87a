/** Logs CloudWatch can never store: counted, listed with their log_ids, and passed over once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fixture } from './fixture.js';

let fx: Fixture;

beforeAll(async () => {
  fx = await Fixture.start();
});

afterAll(async () => {
  await fx?.close();
});

describe('logs CloudWatch cannot store', () => {
  it('are counted in logs-rejected, listed by reason in the summary, and never fetched again', async () => {
    const old = fx.auth0.generateLogs(30, {
      start: new Date(Date.now() - 20 * 86_400_000),
      spacingMs: 1_000,
    });
    const [huge] = fx.auth0.generateLogs(1, {
      start: new Date(Date.now() - 3_600_000),
      detailBytes: 1_100_000,
    });
    const fresh = fx.auth0.generateLogs(20, { start: new Date(Date.now() - 600_000) });

    const { main } = await fx.run();
    expect(main.code, main.stdout).toBe(0);
    expect(main.outputs).toMatchObject({
      'logs-exported': '20',
      'logs-rejected': '31',
      checkpoint: fresh.at(-1)!.log_id,
      'caught-up': 'true',
    });
    expect(fx.stream().map((e) => e.log.log_id)).toEqual(fresh.map((log) => log.log_id));
    expect(main.summary).toContain('### Logs CloudWatch could not store');
    expect(main.summary).toMatch(/older than 14 days \| 30 \| <code>/);
    expect(main.summary).toContain(`<code>${old[0]!.log_id}</code>`);
    expect(main.summary).toMatch(/larger than the 1 MiB event limit \| 1 \| <code>/);
    expect(main.summary).toContain(huge!.log_id);
    expect(main.warnings.join('\n')).toContain('31 logs could not be stored in CloudWatch');

    const next = await fx.run();
    expect(next.main.outputs).toMatchObject({ 'logs-exported': '0', 'logs-rejected': '0' });
  });
});
