/**
 * The run's CloudWatch metrics, sent through the real SDK to the metrics emulator over loopback:
 * one PutMetricData per run, retried only when nothing can have been stored, and every failure one
 * warning instead of an exception.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  metricData,
  sendRunMetrics,
  type RunFigures,
  type SendMetricsOptions,
} from '../../src/cloudwatch/metrics.js';
import { CloudWatchMetricsEmulator } from '../emulators/cloudwatch-metrics.js';

const NS = 'Auth0/LogExport';
const KEY_ID = 'AKIDEXAMPLE000000001';
const SECRET = 'test-secret-access-key';
const target = { tenant: 'acme.eu.auth0.com', logGroup: '/auth0/acme', logStream: 'tenant-logs' };
const succeeded: RunFigures = {
  failed: false,
  exported: 1_234,
  filtered: 56,
  rejected: 7,
  lagSeconds: 90,
  caughtUp: true,
};

let cw: CloudWatchMetricsEmulator;
let savedEndpoint: string | undefined;
let waits: number[];

function options(overrides: Partial<SendMetricsOptions> = {}): SendMetricsOptions {
  return {
    namespace: NS,
    target,
    figures: succeeded,
    region: 'us-east-1',
    credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  };
}

function values(): Record<string, number | undefined> {
  return Object.fromEntries(cw.datums.map((d) => [d.metricName, d.value]));
}

beforeAll(async () => {
  cw = await CloudWatchMetricsEmulator.start({ accessKeyId: KEY_ID, secretAccessKey: SECRET });
  savedEndpoint = process.env.AWS_ENDPOINT_URL_CLOUDWATCH;
});

afterAll(async () => {
  await cw.close();
});

beforeEach(() => {
  // The SDK's standard override, as the bundled action is pointed at the emulator.
  process.env.AWS_ENDPOINT_URL_CLOUDWATCH = cw.endpoint;
  cw.clear();
  cw.clearFaults();
  cw.deniedOperations.clear();
  cw.allowedNamespaces = undefined;
  cw.slowMs = 10_000;
  waits = [];
});

afterEach(() => {
  if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_CLOUDWATCH;
  else process.env.AWS_ENDPOINT_URL_CLOUDWATCH = savedEndpoint;
});

describe('the data points of a run', () => {
  it('are the seven metrics of the design, with the units and the three dimensions', () => {
    const at = new Date('2026-11-24T10:00:00Z');
    const data = metricData(target, succeeded, at);
    expect(data.map((d) => [d.MetricName, d.Value, d.Unit])).toEqual([
      ['Runs', 1, 'Count'],
      ['RunFailures', 0, 'Count'],
      ['LogsExported', 1_234, 'Count'],
      ['LogsFiltered', 56, 'Count'],
      ['LogsRejected', 7, 'Count'],
      ['LagSeconds', 90, 'Seconds'],
      ['CaughtUp', 1, 'None'],
    ]);
    for (const datum of data) {
      expect(datum.Timestamp).toEqual(at);
      expect(datum.Dimensions).toEqual([
        { Name: 'Tenant', Value: 'acme.eu.auth0.com' },
        { Name: 'LogGroup', Value: '/auth0/acme' },
        { Name: 'LogStream', Value: 'tenant-logs' },
      ]);
    }
  });

  it('leave LagSeconds out when the lag is unknown, rather than send 0', () => {
    const data = metricData(target, { ...succeeded, lagSeconds: undefined }, new Date());
    expect(data.map((d) => d.MetricName)).not.toContain('LagSeconds');
    expect(data).toHaveLength(6);
  });

  it('count a failed run as a failure that did not catch up', () => {
    const failed = { failed: true, exported: 0, filtered: 0, rejected: 0, caughtUp: true };
    const data = metricData(target, failed, new Date());
    const byName = Object.fromEntries(data.map((d) => [d.MetricName, d.Value]));
    expect(byName).toEqual({
      Runs: 1,
      RunFailures: 1,
      LogsExported: 0,
      LogsFiltered: 0,
      LogsRejected: 0,
      CaughtUp: 0,
    });
  });
});

describe('sending them', () => {
  it('stores every data point with one PutMetricData', async () => {
    const outcome = await sendRunMetrics(options());
    expect(outcome).toEqual({ sent: true, attempts: 1 });
    expect(cw.puts()).toHaveLength(1);
    expect(values()).toEqual({
      Runs: 1,
      RunFailures: 0,
      LogsExported: 1_234,
      LogsFiltered: 56,
      LogsRejected: 7,
      LagSeconds: 90,
      CaughtUp: 1,
    });
    expect(new Set(cw.datums.map((d) => d.namespace))).toEqual(new Set([NS]));
  });

  it('retries a throttled call after a back-off, and the run is counted once', async () => {
    cw.failNext('throttle', 2);
    const outcome = await sendRunMetrics(options());
    expect(outcome).toEqual({ sent: true, attempts: 3 });
    expect(waits).toEqual([750, 1_500]);
    expect(cw.sum('Runs')).toBe(1);
  });

  it('gives up on throttling after three attempts with one warning naming it', async () => {
    cw.injectFaults({ probability: 1, kinds: ['throttle'] });
    const outcome = await sendRunMetrics(options());
    expect(outcome.sent).toBe(false);
    expect(outcome.attempts).toBe(3);
    expect(outcome.warning).toMatch(
      /throttled PutMetricData 3 times \(Throttling: Rate exceeded\)/,
    );
    expect(outcome.warning).toMatch(/The export itself is not affected\.$/);
    expect(cw.datums).toEqual([]);
  });

  it('retries a refused connection, which stored nothing', async () => {
    const closed = await CloudWatchMetricsEmulator.start();
    process.env.AWS_ENDPOINT_URL_CLOUDWATCH = closed.endpoint;
    await closed.close();
    const outcome = await sendRunMetrics(options());
    expect(outcome.attempts).toBe(3);
    expect(outcome.warning).toMatch(/could not be reached \(tried 3 times; .*ECONNREFUSED/);
  });

  it.each([
    ['internal', 0],
    ['stored-then-internal', 1],
    ['reset', 0],
    ['stored-then-reset', 1],
  ] as const)(
    'does not resend after %s, so a run is never counted twice',
    async (fault, stored) => {
      cw.failNext(fault);
      const outcome = await sendRunMetrics(options());
      expect(outcome.sent).toBe(false);
      expect(outcome.attempts).toBe(1);
      expect(cw.puts()).toHaveLength(1);
      expect(cw.sum('Runs')).toBe(stored);
      expect(outcome.warning).toMatch(
        /may have stored the data points; it is not resent, so that no run is counted twice/,
      );
    },
  );

  it('names cloudwatch:PutMetricData and the namespace condition when access is denied', async () => {
    cw.allowedNamespaces = new Set(['SomeOtherNamespace']);
    const outcome = await sendRunMetrics(options());
    expect(outcome.attempts).toBe(1);
    expect(outcome.warning).toContain('AWS denied cloudwatch:PutMetricData');
    expect(outcome.warning).toContain(`"cloudwatch:namespace": "${NS}"`);
    expect(outcome.warning).toContain('is not authorized to perform: cloudwatch:PutMetricData');
  });

  it('says which credentials AWS did not recognise', async () => {
    const outcome = await sendRunMetrics(
      options({ credentials: { accessKeyId: 'AKIDUNKNOWN000000000', secretAccessKey: SECRET } }),
    );
    expect(outcome.warning).toMatch(
      /did not recognise the access key ID of the keys given in 'aws-access-key-id'.*\(InvalidClientTokenId\)/,
    );
  });

  it('reports a namespace CloudWatch refuses without retrying it', async () => {
    const outcome = await sendRunMetrics(options({ namespace: 'AWS/Auth0' }));
    expect(outcome.attempts).toBe(1);
    expect(outcome.warning).toMatch(
      /refused the data points \(InvalidParameterValueException: The value AWS\/Auth0 for parameter Namespace is invalid\.\)/,
    );
  });

  it('gives up by the deadline when CloudWatch does not answer in time', async () => {
    cw.failNext('slow');
    const started = Date.now();
    const outcome = await sendRunMetrics(options({ deadline: started + 300 }));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(3_000);
    expect(outcome).toMatchObject({ sent: false, attempts: 1 });
    expect(outcome.warning).toMatch(/may not have been stored: the time left ran out/);
    expect(cw.datums).toEqual([]);
  });

  it('does not retry a throttled call when the back-off would pass the deadline', async () => {
    cw.injectFaults({ probability: 1, kinds: ['throttle'] });
    const outcome = await sendRunMetrics(options({ deadline: Date.now() + 500 }));
    expect(outcome.attempts).toBe(1);
    expect(waits).toEqual([]);
    expect(outcome.warning).toMatch(/throttled PutMetricData once/);
  });

  it('sends nothing when the deadline has passed or the run was stopped', async () => {
    const late = await sendRunMetrics(options({ deadline: Date.now() - 1 }));
    expect(late).toMatchObject({ sent: false, attempts: 0 });
    expect(late.warning).toMatch(/not sent: no time was left/);
    const controller = new AbortController();
    controller.abort();
    const stopped = await sendRunMetrics(options({ signal: controller.signal }));
    expect(stopped.warning).toMatch(/not sent: the run was stopped/);
    expect(cw.calls).toEqual([]);
  });

  it('abandons the request in flight when the run is stopped', async () => {
    cw.failNext('slow');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const outcome = await sendRunMetrics(options({ signal: controller.signal }));
    expect(outcome).toMatchObject({ sent: false, attempts: 1 });
    expect(outcome.warning).toMatch(/may not have been stored: the run was stopped/);
  });
});
