/**
 * The CloudWatch metrics emulator, driven by the real `@aws-sdk/client-cloudwatch` over loopback
 * HTTP: it must read what the client sends (AWS JSON 1.0, Query-compatible, gzip above 10 KiB) and
 * answer in the shapes the client turns into its own errors.
 */
import { gzipSync } from 'node:zlib';
import {
  CloudWatchClient,
  InternalServiceFault,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  MissingRequiredParameterException,
  PutMetricDataCommand,
  ValidationException,
  type MetricDatum,
  type StandardUnit,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchMetricsEmulator, type MetricsEmulatorOptions } from './cloudwatch-metrics.js';

const NS = 'Auth0LogExport';
const KEY_ID = 'AKIDEXAMPLE000000001';
const SECRET = 'test-secret-access-key';

let cw: CloudWatchMetricsEmulator;
let clock = Date.now();
const extra: CloudWatchMetricsEmulator[] = [];

interface ClientOptions {
  maxAttempts?: number;
  accessKeyId?: string;
  secretAccessKey?: string;
  requestTimeout?: number;
  emulator?: CloudWatchMetricsEmulator;
}

function client(options: ClientOptions = {}): CloudWatchClient {
  return new CloudWatchClient({
    endpoint: (options.emulator ?? cw).endpoint,
    region: 'us-east-1',
    credentials: {
      accessKeyId: options.accessKeyId ?? KEY_ID,
      secretAccessKey: options.secretAccessKey ?? SECRET,
    },
    maxAttempts: options.maxAttempts ?? 1,
    requestHandler: {
      requestTimeout: options.requestTimeout ?? 2_000,
      throwOnRequestTimeout: true,
    },
  });
}

function datum(overrides: Partial<MetricDatum> = {}): MetricDatum {
  return {
    MetricName: 'Runs',
    Dimensions: [
      { Name: 'Tenant', Value: 'acme.eu.auth0.com' },
      { Name: 'LogGroup', Value: '/auth0/acme' },
      { Name: 'LogStream', Value: 'tenant-logs' },
    ],
    Unit: 'Count',
    Value: 1,
    ...overrides,
  };
}

function put(data: MetricDatum[], c = client(), namespace = NS) {
  return c.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data }));
}

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

async function startExtra(options: MetricsEmulatorOptions): Promise<CloudWatchMetricsEmulator> {
  const emulator = await CloudWatchMetricsEmulator.start(options);
  extra.push(emulator);
  return emulator;
}

beforeAll(async () => {
  cw = await CloudWatchMetricsEmulator.start({
    accessKeyId: KEY_ID,
    secretAccessKey: SECRET,
    now: () => clock,
    slowMs: 300,
  });
});

afterAll(async () => {
  await cw.close();
});

beforeEach(() => {
  clock = Date.now();
  cw.clear();
  cw.clearFaults();
  cw.deniedOperations.clear();
  cw.allowedNamespaces = undefined;
});

afterEach(async () => {
  await Promise.all(extra.splice(0).map((emulator) => emulator.close()));
});

describe('wire protocol and credentials', () => {
  it('reads AWS JSON 1.0 in Query-compatible mode and stores each datum with its dimensions', async () => {
    const at = new Date(clock - 60_000);
    const response = await put([
      datum(),
      datum({ MetricName: 'LagSeconds', Unit: 'Seconds', Value: 42.5, Timestamp: at }),
    ]);
    expect(response.$metadata.httpStatusCode).toBe(200);
    expect(response.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(cw.calls).toEqual([
      expect.objectContaining({
        operation: 'PutMetricData',
        status: 200,
        contentType: 'application/x-amz-json-1.0',
        contentEncoding: undefined,
        queryMode: true,
        attempt: 1,
        requestId: response.$metadata.requestId,
      }),
    ]);
    const dimensions = {
      Tenant: 'acme.eu.auth0.com',
      LogGroup: '/auth0/acme',
      LogStream: 'tenant-logs',
    };
    expect(cw.datums).toEqual([
      expect.objectContaining({
        namespace: NS,
        metricName: 'Runs',
        dimensions,
        value: 1,
        unit: 'Count',
        timestamp: clock,
        storageResolution: 60,
      }),
      expect.objectContaining({
        metricName: 'LagSeconds',
        value: 42.5,
        unit: 'Seconds',
        timestamp: at.getTime(),
      }),
    ]);
    expect(cw.sum('Runs', NS)).toBe(1);
  });

  it('is reached through AWS_ENDPOINT_URL_CLOUDWATCH, as the bundled action reaches it', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_CLOUDWATCH;
    process.env.AWS_ENDPOINT_URL_CLOUDWATCH = cw.env().AWS_ENDPOINT_URL_CLOUDWATCH;
    try {
      const fromEnv = new CloudWatchClient({
        region: 'us-east-1',
        credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
      });
      await put([datum()], fromEnv);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_CLOUDWATCH;
      else process.env.AWS_ENDPOINT_URL_CLOUDWATCH = saved;
    }
    expect(cw.stored('Runs')).toHaveLength(1);
  });

  it('receives a body of 10 KiB or more gzip-compressed, signed as compressed', async () => {
    const many = Array.from({ length: 1_000 }, (_, i) => datum({ MetricName: `M${i}` }));
    await put(many);
    const [call] = cw.calls;
    expect(call).toMatchObject({ status: 200, contentEncoding: 'gzip' });
    expect(call!.bodyBytes).toBeGreaterThanOrEqual(10_240);
    expect(call!.wireBytes).toBeLessThan(call!.bodyBytes);
    expect(cw.datums).toHaveLength(1_000);
    cw.clear();
    await put([datum()]);
    expect(cw.calls[0]!.contentEncoding).toBeUndefined();
  });

  it('refuses an unknown access key id and a wrong secret with the Query codes', async () => {
    const unknown = await failure(put([datum()], client({ accessKeyId: 'AKIDUNKNOWN000000000' })));
    expect(unknown.name).toBe('InvalidClientTokenId');
    expect(unknown.message).toBe('The security token included in the request is invalid.');
    expect(unknown.$metadata).toMatchObject({ httpStatusCode: 403 });
    const wrong = await failure(put([datum()], client({ secretAccessKey: 'not-the-secret' })));
    expect(wrong.name).toBe('SignatureDoesNotMatch');
    expect(wrong.message).toMatch(/signature we calculated does not match/);
    expect(cw.datums).toEqual([]);
  });

  it('answers a denied call with AccessDenied naming cloudwatch:PutMetricData, and stores nothing', async () => {
    cw.deniedOperations.add('PutMetricData');
    const denied = await failure(put([datum()]));
    expect(denied.name).toBe('AccessDenied');
    expect(denied.$fault).toBe('client');
    expect(denied.$metadata).toMatchObject({ httpStatusCode: 403 });
    expect(denied.message).toBe(
      'User: arn:aws:iam::123456789012:user/test is not authorized to perform: cloudwatch:PutMetricData because no identity-based policy allows the cloudwatch:PutMetricData action',
    );
    expect(cw.datums).toEqual([]);
  });

  it('applies a cloudwatch:namespace condition: only the allowed namespace is accepted', async () => {
    cw.allowedNamespaces = new Set([NS]);
    await put([datum()]);
    const other = await failure(put([datum()], client(), 'SomethingElse'));
    expect(other.name).toBe('AccessDenied');
    expect(cw.datums.map((d) => d.namespace)).toEqual([NS]);
  });

  it('answers unsigned requests, other scopes and unknown operations; the Query code only in query mode', async () => {
    const send = async (target: string, options: { authorization?: string; query?: boolean }) => {
      const response = await fetch(cw.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': target,
          ...(options.query === false ? {} : { 'x-amzn-query-mode': 'true' }),
          ...(options.authorization ? { authorization: options.authorization } : {}),
        },
        body: '{}',
      });
      expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
      expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
      return {
        status: response.status,
        query: response.headers.get('x-amzn-query-error'),
        body: (await response.json()) as { __type: string },
      };
    };
    const signed = (service: string) =>
      `AWS4-HMAC-SHA256 Credential=${KEY_ID}/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;
    const target = 'GraniteServiceVersion20100801.PutMetricData';
    expect(await send(target, {})).toMatchObject({
      status: 403,
      query: 'MissingAuthenticationToken;Sender',
      body: { __type: 'com.amazon.coral.service#MissingAuthenticationTokenException' },
    });
    expect(await send(target, { query: false })).toMatchObject({ status: 403, query: null });
    expect(await send(target, { authorization: signed('logs') })).toMatchObject({
      status: 403,
      query: 'SignatureDoesNotMatch;Sender',
    });
    expect(
      await send('GraniteServiceVersion20100801.StartTheCoffee', {
        authorization: signed('monitoring'),
      }),
    ).toMatchObject({ status: 400, query: 'InvalidAction;Sender' });
  });
});

describe('PutMetricData rules', () => {
  it('accepts 1,000 datums and refuses 1,001', async () => {
    const many = (n: number) => Array.from({ length: n }, () => datum());
    await put(many(1_000));
    const error = await failure(put(many(1_001)));
    expect(error).toBeInstanceOf(InvalidParameterValueException);
    expect(error.name).toBe('InvalidParameterValueException');
    expect(error.message).toBe('The collection MetricData must not have a size greater than 1000.');
    expect(cw.datums).toHaveLength(1_000);
  });

  it('accepts 30 dimensions and refuses 31, and refuses a repeated dimension name', async () => {
    const dims = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ Name: `D${i}`, Value: 'v' }));
    await put([datum({ Dimensions: dims(30) })]);
    const error = await failure(put([datum({ Dimensions: dims(31) })]));
    expect(error).toBeInstanceOf(InvalidParameterValueException);
    expect(error.message).toBe(
      'The collection MetricData.member.1.Dimensions must not have a size greater than 30.',
    );
    const repeated = await failure(
      put([
        datum({
          Dimensions: [
            { Name: 'A', Value: '1' },
            { Name: 'A', Value: '2' },
          ],
        }),
      ]),
    );
    expect(repeated).toBeInstanceOf(InvalidParameterCombinationException);
    expect(cw.datums).toHaveLength(1);
  });

  it('refuses a namespace with a leading colon, over 255 characters, under AWS/, or not printable ASCII', async () => {
    const colon = await failure(put([datum()], client(), ':Auth0'));
    expect(colon).toBeInstanceOf(ValidationException);
    expect(colon.name).toBe('ValidationException');
    expect(colon.message).toBe(
      "1 validation error detected: Value ':Auth0' at 'namespace' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:].*",
    );
    expect(await failure(put([datum()], client(), 'x'.repeat(256)))).toBeInstanceOf(
      ValidationException,
    );
    const reserved = await failure(put([datum()], client(), 'AWS/Auth0'));
    expect(reserved).toBeInstanceOf(InvalidParameterValueException);
    expect(reserved.message).toBe('The value AWS/Auth0 for parameter Namespace is invalid.');
    for (const bad of ['Auth0\tLogs', 'Auth0/Lögs']) {
      expect(await failure(put([datum()], client(), bad))).toBeInstanceOf(
        InvalidParameterValueException,
      );
    }
    await put([datum()], client(), 'x'.repeat(255));
    await put([datum()], client(), 'Auth0 / Logs:prod');
    expect(cw.datums).toHaveLength(2);
  });

  it('refuses a unit outside the standard set, and non-ASCII dimension values', async () => {
    const unit = await failure(put([datum({ Unit: 'Logs' as StandardUnit })]));
    expect(unit).toBeInstanceOf(ValidationException);
    expect(unit.message).toMatch(
      /^1 validation error detected: Value 'Logs' at 'metricData\.1\.member\.unit' failed to satisfy constraint: Member must satisfy enum value set: \[Seconds, /,
    );
    const value = await failure(
      put([datum({ Dimensions: [{ Name: 'LogStream', Value: 'flüsse' }] })]),
    );
    expect(value).toBeInstanceOf(InvalidParameterValueException);
    expect(value.message).toBe(
      'The value flüsse for parameter MetricData.member.1.Dimensions.member.1.Value is invalid.',
    );
    expect(cw.datums).toEqual([]);
  });

  it('refuses NaN and infinite values, a value beside statistics, and a missing metric name', async () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = await failure(put([datum({ Value: bad })]));
      expect(error).toBeInstanceOf(InvalidParameterValueException);
      expect(error.message).toMatch(
        /^The value (NaN|Infinity) for parameter MetricData\.member\.1\.Value is invalid\.$/,
      );
    }
    const both = await failure(
      put([datum({ StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } })]),
    );
    expect(both).toBeInstanceOf(InvalidParameterCombinationException);
    const unnamed = await failure(put([datum({ MetricName: undefined })]));
    expect(unnamed).toBeInstanceOf(MissingRequiredParameterException);
    expect(unnamed.message).toBe('The parameter MetricData.member.1.MetricName is required.');
    expect(cw.datums).toEqual([]);
  });

  it('accepts timestamps from two weeks back to two hours ahead, and refuses beyond', async () => {
    const day = 24 * 3_600_000;
    await put([datum({ Timestamp: new Date(clock - 13 * day) })]);
    await put([datum({ Timestamp: new Date(clock + 3_600_000) })]);
    const old = await failure(put([datum({ Timestamp: new Date(clock - 15 * day) })]));
    expect(old.message).toBe(
      'The parameter MetricData.member.1.Timestamp must specify a time no more than two weeks in the past.',
    );
    const ahead = await failure(put([datum({ Timestamp: new Date(clock + 3 * 3_600_000) })]));
    expect(ahead).toBeInstanceOf(InvalidParameterValueException);
    expect(cw.datums).toHaveLength(2);
  });

  it('refuses a body compressed with another encoding, or not really gzip', async () => {
    const post = (encoding: string, body: Buffer | string) =>
      fetch(cw.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'content-encoding': encoding,
          'x-amz-target': 'GraniteServiceVersion20100801.PutMetricData',
          'x-amzn-query-mode': 'true',
          authorization: `AWS4-HMAC-SHA256 Credential=${KEY_ID}/20260101/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
        },
        body,
      });
    expect((await post('br', '{}')).headers.get('x-amzn-query-error')).toBe(
      'InvalidParameterValue;Sender',
    );
    expect((await post('gzip', 'not gzip')).headers.get('x-amzn-query-error')).toBe(
      'SerializationException;Sender',
    );
    // A well-formed gzip body reaches the signature check (which this fake one fails).
    expect((await post('gzip', gzipSync('{}'))).headers.get('x-amzn-query-error')).toBe(
      'SignatureDoesNotMatch;Sender',
    );
  });
});

describe('faults as the SDK sees them', () => {
  it('throttles with the Query code Throttling, which the SDK retries under one invocation id', async () => {
    cw.failNext('throttle');
    const throttled = await failure(put([datum()]));
    expect(throttled.name).toBe('Throttling');
    expect(throttled.message).toBe('Rate exceeded');
    expect(throttled.$metadata).toMatchObject({ httpStatusCode: 400 });
    cw.clear();
    cw.failNext('throttle');
    const response = await put([datum()], client({ maxAttempts: 2 }));
    expect(response.$metadata.attempts).toBe(2);
    const [first, second] = cw.calls;
    expect(first).toMatchObject({ status: 400, errorCode: 'Throttling', attempt: 1 });
    expect(second).toMatchObject({ status: 200, attempt: 2 });
    expect(second!.invocationId).toBe(first!.invocationId);
    expect(cw.sum('Runs')).toBe(1);
  });

  it('answers 500 before storing, and 500 after storing, the same way', async () => {
    cw.failNext('internal');
    const before = await failure(put([datum()]));
    expect(before).toBeInstanceOf(InternalServiceFault);
    expect(before.$fault).toBe('server');
    expect(cw.datums).toEqual([]);
    cw.failNext('stored-then-internal');
    const after = await failure(put([datum()]));
    expect(after).toBeInstanceOf(InternalServiceFault);
    expect(after.$metadata).toMatchObject({ httpStatusCode: 500 });
    expect(cw.sum('Runs')).toBe(1);
    cw.failNext('unavailable');
    const unavailable = await failure(put([datum()]));
    expect(unavailable.name).toBe('ServiceUnavailable');
    expect(unavailable.$metadata).toMatchObject({ httpStatusCode: 503 });
  });

  it('stores, answers 500, and the SDK’s own retry counts the run twice', async () => {
    cw.failNext('stored-then-internal');
    const response = await put([datum()], client({ maxAttempts: 3 }));
    expect(response.$metadata.attempts).toBe(2);
    // Why the action sends with maxAttempts 1 and does not resend after a 5xx.
    expect(cw.sum('Runs')).toBe(2);
  });

  it('drops the connection before processing, or after storing', async () => {
    cw.failNext('reset');
    const reset = await failure(put([datum()]));
    expect(reset.code).toBe('ECONNRESET');
    expect(cw.datums).toEqual([]);
    cw.failNext('stored-then-reset');
    const lost = await failure(put([datum()]));
    expect(lost.code).toBe('ECONNRESET');
    expect(cw.calls.map((call) => call.status)).toEqual([0, 0]);
    expect(cw.sum('Runs')).toBe(1);
  });

  it('denies a call by fault as by policy', async () => {
    cw.failNext('access-denied');
    expect((await failure(put([datum()]))).name).toBe('AccessDenied');
    expect(cw.datums).toEqual([]);
  });

  it('holds a slow request past the timeout; a request given up on is not stored', async () => {
    cw.failNext('slow');
    const error = await failure(put([datum()], client({ requestTimeout: 100 })));
    expect(error.name).toBe('TimeoutError');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(cw.datums).toEqual([]);
    cw.failNext('slow');
    await put([datum()], client({ requestTimeout: 2_000 }));
    expect(cw.datums).toHaveLength(1);
  });

  it('injects the same random faults for the same seed', async () => {
    const outcomes = async (): Promise<number[]> => {
      const emulator = await startExtra({ seed: 7 });
      emulator.injectFaults({ probability: 0.5, kinds: ['throttle', 'internal'] });
      const c = client({ emulator });
      for (let i = 0; i < 12; i += 1) await put([datum()], c).catch(() => undefined);
      return emulator.calls.map((call) => call.status);
    };
    const first = await outcomes();
    expect(first).toEqual(await outcomes());
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it('is refused when closed: a connection refused stores nothing', async () => {
    const emulator = await startExtra({});
    const c = client({ emulator });
    await emulator.close();
    const error = await failure(put([datum()], c));
    expect(error.code).toBe('ECONNREFUSED');
  });
});
