import {
  CloudWatchClient,
  PutMetricDataCommand,
  type MetricDatum,
  type StandardUnit,
} from '@aws-sdk/client-cloudwatch';
import { Input } from '../constants.js';
import { errorMessage } from '../errors.js';
import {
  backoffDelay,
  classify,
  sleep as defaultSleep,
  type BackoffSchedule,
  type Sleep,
  type Verdict,
} from '../retry.js';

/** The metrics of DESIGN §11, one data point each per run. */
export const Metric = {
  Runs: 'Runs',
  RunFailures: 'RunFailures',
  LogsExported: 'LogsExported',
  LogsFiltered: 'LogsFiltered',
  LogsRejected: 'LogsRejected',
  LagSeconds: 'LagSeconds',
  CaughtUp: 'CaughtUp',
} as const;

export const Dimension = {
  Tenant: 'Tenant',
  LogGroup: 'LogGroup',
  LogStream: 'LogStream',
} as const;

/** What a run reports, as its outputs say it (a failed run that exported nothing reports 0). */
export interface RunFigures {
  failed: boolean;
  exported: number;
  filtered: number;
  rejected: number;
  /** Undefined when the run does not know how far behind it is: no data point is sent then. */
  lagSeconds?: number;
  caughtUp: boolean;
}

export interface MetricsTarget {
  tenant: string;
  logGroup: string;
  logStream: string;
}

export interface SendMetricsOptions {
  namespace: string;
  target: MetricsTarget;
  figures: RunFigures;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Give up by this time (epoch ms): a cancelled run must be done before the runner kills it. */
  deadline?: number;
  /** Aborting gives up at once, with the request in flight abandoned. */
  signal?: AbortSignal;
  now?: () => number;
  sleep?: Sleep;
  random?: () => number;
  log?: (message: string) => void;
}

export interface MetricsOutcome {
  /** CloudWatch acknowledged the data points. */
  sent: boolean;
  attempts: number;
  /** Set when they were not acknowledged: one message naming the cause. The export is not affected. */
  warning?: string;
}

/**
 * Attempts for calls that surely stored nothing (throttled, connection refused). Anything else is
 * sent once: a 5xx, a timeout or a dropped connection may come after CloudWatch stored the data
 * points, and a second copy would count the run twice in every Sum.
 */
const SCHEDULE: BackoffSchedule = { baseMs: 1_000, maxMs: 4_000, attempts: 3 };
/** Without a deadline, one attempt waits at most this long for an answer. */
const REQUEST_TIMEOUT_MS = 15_000;
const CONNECTION_TIMEOUT_MS = 5_000;
const NOT_AFFECTED = 'The export itself is not affected.';

/** The run's data points: the same timestamp, unit and dimensions for every run of one export. */
export function metricData(target: MetricsTarget, figures: RunFigures, at: Date): MetricDatum[] {
  const Dimensions = [
    { Name: Dimension.Tenant, Value: target.tenant },
    { Name: Dimension.LogGroup, Value: target.logGroup },
    { Name: Dimension.LogStream, Value: target.logStream },
  ];
  const datum = (name: string, value: number, unit: StandardUnit): MetricDatum => ({
    MetricName: name,
    Dimensions,
    Timestamp: at,
    Value: value,
    Unit: unit,
  });
  const data = [
    datum(Metric.Runs, 1, 'Count'),
    datum(Metric.RunFailures, figures.failed ? 1 : 0, 'Count'),
    datum(Metric.LogsExported, figures.exported, 'Count'),
    datum(Metric.LogsFiltered, figures.filtered, 'Count'),
    datum(Metric.LogsRejected, figures.rejected, 'Count'),
  ];
  if (figures.lagSeconds !== undefined) {
    data.push(datum(Metric.LagSeconds, figures.lagSeconds, 'Seconds'));
  }
  // A failed run did not reach the end of the tenant's logs, whatever it fetched before failing.
  data.push(datum(Metric.CaughtUp, figures.caughtUp && !figures.failed ? 1 : 0, 'None'));
  return data;
}

/** Sends the run's data points in one PutMetricData. Never throws: a failure is one warning. */
export async function sendRunMetrics(options: SendMetricsOptions): Promise<MetricsOutcome> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => undefined);
  const data = metricData(options.target, options.figures, new Date(now()));
  const client = new CloudWatchClient({
    region: options.region,
    credentials: options.credentials,
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  });
  let attempts = 0;
  try {
    for (;;) {
      if (options.signal?.aborted) {
        return { sent: false, attempts, warning: gaveUp(attempts, 'the run was stopped') };
      }
      const left = options.deadline === undefined ? Infinity : options.deadline - now();
      if (left <= 0) {
        return { sent: false, attempts, warning: gaveUp(attempts, 'no time was left') };
      }
      attempts += 1;
      const result = await attempt(client, options.namespace, data, left, options.signal);
      if (result === 'sent') {
        log(`Sent ${data.length} metrics to the CloudWatch namespace '${options.namespace}'`);
        return { sent: true, attempts };
      }
      if (result === 'deadline' || result === 'aborted') {
        const why = result === 'deadline' ? 'the time left ran out' : 'the run was stopped';
        return {
          sent: false,
          attempts,
          warning: `The run's CloudWatch metrics may not have been stored: ${why} before CloudWatch answered. ${NOT_AFFECTED}`,
        };
      }
      if (verdict(result.error) !== 'retry' || attempts >= SCHEDULE.attempts) {
        return { sent: false, attempts, warning: explain(result.error, options, attempts) };
      }
      const delay = backoffDelay(attempts - 1, SCHEDULE, random);
      if (now() + delay >= (options.deadline ?? Infinity)) {
        return { sent: false, attempts, warning: explain(result.error, options, attempts) };
      }
      log(`PutMetricData failed (${describe(result)}); retrying in ${(delay / 1000).toFixed(1)} s`);
      await sleep(delay, options.signal);
    }
  } catch (error) {
    // Only a bug gets here (the SDK's failures are caught above); it still must not fail the export.
    return {
      sent: false,
      attempts,
      warning: `Sending the run's CloudWatch metrics failed: ${errorMessage(error)}. ${NOT_AFFECTED}`,
    };
  } finally {
    client.destroy();
  }
}

/** One PutMetricData, bounded by the time left: 'sent', 'deadline', 'aborted', or the SDK's error. */
async function attempt(
  client: CloudWatchClient,
  namespace: string,
  data: MetricDatum[],
  leftMs: number,
  signal: AbortSignal | undefined,
): Promise<'sent' | 'deadline' | 'aborted' | { error: unknown }> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  // The SDK honours its abort signal only around the HTTP exchange (not while it resolves
  // credentials, for example), so the race also ends the wait on its own.
  const stop = new Promise<'deadline' | 'aborted'>((resolve) => {
    if (Number.isFinite(leftMs)) {
      timer = setTimeout(() => resolve('deadline'), leftMs);
    }
    onAbort = () => resolve('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  const send = client
    .send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data }), {
      abortSignal: controller.signal,
    })
    .then(
      () => 'sent' as const,
      (error: unknown) => ({ error }),
    );
  try {
    const result = await Promise.race([send, stop]);
    if (result === 'deadline' || result === 'aborted') controller.abort();
    return result;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | undefined)?.name;
}

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string } | undefined)?.code;
}

/**
 * The action's classification, but for a refused connection: it reached no service, so nothing can
 * have been stored and it is safe to send again. Everything 'unclear' (a 5xx, a timeout, a dropped
 * connection) is not resent here, since there is no way to check whether the data points landed.
 */
function verdict(error: unknown): Verdict {
  if (errorCode(error) === 'ECONNREFUSED') return 'retry';
  return classify(error);
}

function explain(error: unknown, options: SendMetricsOptions, attempts: number): string {
  const name = errorName(error);
  const { namespace, region } = options;
  const keys = options.credentials
    ? "the keys given in 'aws-access-key-id' and 'aws-secret-access-key'"
    : 'the credentials of the default chain';
  const cause = describe(error);
  let what: string;
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    what = `AWS denied cloudwatch:PutMetricData (${cause}). Allow the action cloudwatch:PutMetricData for ${keys}, with the condition "StringEquals": {"cloudwatch:namespace": "${namespace}"} (the IAM statement is in the README).`;
  } else if (classify(error) === 'retry') {
    what = `CloudWatch throttled PutMetricData ${times(attempts)} (${cause}); this run's data points were not stored.`;
  } else if (errorCode(error) === 'ECONNREFUSED' || errorCode(error) === 'ENOTFOUND') {
    what = `CloudWatch in ${region} could not be reached (tried ${times(attempts)}; ${cause}); this run's data points were not stored.`;
  } else if (name === 'InvalidClientTokenId' || name === 'UnrecognizedClientException') {
    what = `AWS did not recognise the access key ID of ${keys} (${name}).`;
  } else if (name === 'SignatureDoesNotMatch' || name === 'InvalidSignatureException') {
    what = `AWS rejected the signature made with ${keys} (${name}): the secret access key does not match the access key ID.`;
  } else if (name === 'ExpiredToken' || name === 'ExpiredTokenException') {
    what = `The AWS session token of ${keys} has expired (${name}).`;
  } else if (name === 'CredentialsProviderError') {
    what = `No AWS credentials were found for CloudWatch (${cause}).`;
  } else if (verdict(error) === 'unclear') {
    what = `PutMetricData failed (${cause}) at a point where CloudWatch may have stored the data points; it is not resent, so that no run is counted twice. If they were not stored, this run is missing from the metrics.`;
  } else {
    what = `CloudWatch refused the data points (${cause}). Check '${Input.MetricsNamespace}': '${namespace}'.`;
  }
  return `The run's CloudWatch metrics were not sent: ${what} ${NOT_AFFECTED}`;
}

function times(count: number): string {
  return count === 1 ? 'once' : `${count} times`;
}

function gaveUp(attempts: number, why: string): string {
  const tried = attempts > 0 ? ` (tried ${times(attempts)})` : '';
  return `The run's CloudWatch metrics were not sent${tried}: ${why}. ${NOT_AFFECTED}`;
}

function describe(error: unknown): string {
  const name = errorName(error);
  const code = errorCode(error);
  const message = errorMessage(error);
  return [name && name !== 'Error' ? name : undefined, code, message].filter(Boolean).join(': ');
}
