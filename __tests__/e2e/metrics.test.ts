/**
 * The run's CloudWatch metrics, end to end: dist/ run as the runner runs it, pointed at the metrics
 * emulator by AWS_ENDPOINT_URL_CLOUDWATCH, with the same static keys as the logs client (the emulator
 * checks their signature).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Fixture } from './fixture.js';

const NS = 'Auth0/LogExport';
const KEY_ID = 'AKIDEXAMPLE000000001';
const SECRET = 'test-secret-access-key';

let fx: Fixture;

function values(): Record<string, number | undefined> {
  return Object.fromEntries(fx.metrics.datums.map((d) => [d.metricName, d.value]));
}

beforeAll(async () => {
  fx = await Fixture.start({ metrics: { accessKeyId: KEY_ID, secretAccessKey: SECRET } });
});

afterAll(async () => {
  await fx?.close();
});

beforeEach(() => {
  fx.metrics.clear();
  fx.metrics.clearFaults();
  fx.metrics.allowedNamespaces = undefined;
  fx.auth0.clearFaults();
});

describe('metrics of a run', () => {
  it('a successful run sends one PutMetricData whose values equal its outputs', async () => {
    fx.auth0.generateLogs(300, {
      start: new Date(Date.now() - 3_600_000),
      spacingMs: 1_000,
      types: ['s', 'f', 'fp'],
    });
    const { main } = await fx.run({ 'metrics-namespace': NS, 'log-types': 's, f' });
    expect(main.code, main.stdout).toBe(0);
    expect(main.warnings).toEqual([]);
    expect(fx.metrics.puts()).toHaveLength(1);
    const out = main.outputs;
    expect(Number(out['logs-filtered'])).toBeGreaterThan(0);
    expect(values()).toEqual({
      Runs: 1,
      RunFailures: 0,
      LogsExported: Number(out['logs-exported']),
      LogsFiltered: Number(out['logs-filtered']),
      LogsRejected: Number(out['logs-rejected']),
      LagSeconds: Number(out['lag-seconds']),
      CaughtUp: out['caught-up'] === 'true' ? 1 : 0,
    });
    expect(values().LogsExported).toBeGreaterThan(0);
    for (const datum of fx.metrics.datums) {
      expect(datum.namespace).toBe(NS);
      expect(datum.dimensions).toEqual({
        Tenant: fx.auth0.domain,
        LogGroup: '/auth0/e2e',
        LogStream: 'tenant-logs',
      });
    }
    expect(Object.fromEntries(fx.metrics.datums.map((d) => [d.metricName, d.unit]))).toEqual({
      Runs: 'Count',
      RunFailures: 'Count',
      LogsExported: 'Count',
      LogsFiltered: 'Count',
      LogsRejected: 'Count',
      LagSeconds: 'Seconds',
      CaughtUp: 'None',
    });
  });

  it('a failed run (wrong client secret) still sends: RunFailures 1, CaughtUp 0', async () => {
    const { main } = await fx.run({
      'metrics-namespace': NS,
      'auth0-client-secret': 'not-the-secret',
    });
    expect(main.code).not.toBe(0);
    expect(main.errors[0]).toMatch(/Auth0 refused the client credentials/);
    expect(fx.metrics.puts()).toHaveLength(1);
    expect(values()).toEqual({
      Runs: 1,
      RunFailures: 1,
      LogsExported: 0,
      LogsFiltered: 0,
      LogsRejected: 0,
      // The stream is as far behind as the checkpoint the run could not move past.
      LagSeconds: Number(main.outputs['lag-seconds']),
      CaughtUp: 0,
    });
    expect(main.outputs['lag-seconds']).toMatch(/^\d+$/);
  });

  it('a metrics endpoint failing every time costs one warning, not the export', async () => {
    fx.metrics.injectFaults({ probability: 1, kinds: ['internal'] });
    const added = fx.appendLogs({
      count: 150,
      spacingMs: 1_000,
      startIfEmpty: new Date(Date.now() - 3_600_000),
    });
    const { main } = await fx.run({ 'metrics-namespace': NS });
    expect(main.code, main.stdout).toBe(0);
    expect(main.warnings).toHaveLength(1);
    expect(main.warnings[0]).toMatch(
      /CloudWatch metrics were not sent: PutMetricData failed \(InternalServiceFault: Internal service error\)/,
    );
    expect(main.outputs['logs-exported']).toBe(String(added.length));
    const fromIndex = fx.auth0.logs.length - added.length;
    expect(fx.compare({ fromIndex })).toMatchObject({ lost: 0, duplicated: 0 });
    expect(main.summary).toContain('CloudWatch metrics were not sent');
  });

  it('an access denial is a warning naming cloudwatch:PutMetricData and the namespace condition', async () => {
    fx.metrics.allowedNamespaces = new Set(['SomeOtherNamespace']);
    const { main } = await fx.run({ 'metrics-namespace': NS });
    expect(main.code).toBe(0);
    expect(main.warnings).toHaveLength(1);
    expect(main.warnings[0]).toContain('AWS denied cloudwatch:PutMetricData');
    expect(main.warnings[0]).toContain('cloudwatch:namespace');
    expect(main.warnings[0]).toContain(NS);
    expect(fx.metrics.datums).toEqual([]);
  });

  it('without metrics-namespace no call is made at all', async () => {
    fx.appendLogs({ count: 10, spacingMs: 1_000, startIfEmpty: new Date(Date.now() - 3_600_000) });
    const { main } = await fx.run();
    expect(main.code).toBe(0);
    expect(fx.metrics.calls).toEqual([]);
  });

  it('a dry run sends none either: it writes nothing', async () => {
    fx.appendLogs({ count: 10, spacingMs: 1_000, startIfEmpty: new Date(Date.now() - 3_600_000) });
    const { main } = await fx.run({ 'metrics-namespace': NS, 'dry-run': 'true' });
    expect(main.code, main.stdout).toBe(0);
    expect(fx.metrics.calls).toEqual([]);
  });

  it('bad input sends no metrics either', async () => {
    const { main } = await fx.run({ 'metrics-namespace': NS, 'batch-size': '0' });
    expect(main.code).not.toBe(0);
    expect(fx.metrics.calls).toEqual([]);
  });

  it('a 5xx after CloudWatch stored the data is not resent: the run counts once', async () => {
    fx.metrics.failNext('throttle');
    fx.metrics.failNext('stored-then-internal');
    const { main } = await fx.run({ 'metrics-namespace': NS });
    expect(main.code).toBe(0);
    // The throttled call is retried (nothing was stored); the 5xx that followed is not.
    expect(fx.metrics.puts().map((call) => call.status)).toEqual([400, 500]);
    expect(fx.metrics.sum('Runs')).toBe(1);
    expect(fx.metrics.sum('RunFailures')).toBe(0);
    expect(main.warnings).toHaveLength(1);
    expect(main.warnings[0]).toMatch(/not resent, so that no run is counted twice/);
  });

  it('a cancelled run still sends, as a failed run, before it exits within the grace period', async () => {
    // A modest rate limit makes the run last long enough to be interrupted mid-way.
    const slow = await Fixture.start({
      auth0: { rateLimit: { limit: 4, refillPerSecond: 12 } },
      metrics: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
    });
    try {
      slow.appendLogs({
        count: 4_000,
        spacingMs: 100,
        startIfEmpty: new Date(Date.now() - 3_600_000),
      });
      const run = slow.newRun({ 'metrics-namespace': NS, 'batch-size': '50' });
      let signalled = 0;
      let timer: NodeJS.Timeout | undefined;
      const main = await run.main((child) => {
        timer = setTimeout(() => {
          signalled = Date.now();
          child.kill('SIGINT');
        }, 1_500);
      });
      const exitedAfter = Date.now() - signalled;
      clearTimeout(timer);
      await run.cleanup();
      expect(main.signal).toBeNull();
      expect(main.stdout).toContain('Received SIGINT');
      // The runner sends SIGTERM 7.5 s after SIGINT; the action exits well before.
      expect(exitedAfter).toBeLessThan(7_500);
      const sent = Object.fromEntries(slow.metrics.datums.map((d) => [d.metricName, d.value]));
      expect(slow.metrics.puts()).toHaveLength(1);
      expect(sent).toMatchObject({ Runs: 1, RunFailures: 1, CaughtUp: 0 });
      expect(sent.LogsExported).toBe(Number(main.outputs['logs-exported']));
    } finally {
      await slow.close();
    }
  });
});
