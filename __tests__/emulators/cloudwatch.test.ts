/**
 * The CloudWatch Logs emulator, driven by the real SDK over loopback HTTP: it must accept what the
 * service accepts and refuse what it refuses, in the shapes the SDK turns into its own errors. The
 * SDK checks none of the PutLogEvents rules itself, so these tests are the only place they are seen.
 */
import {
  AccessDeniedException,
  CloudWatchLogsClient,
  CloudWatchLogsServiceException,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  ServiceUnavailableException,
  ThrottlingException,
  UnrecognizedClientException,
  paginateDescribeLogGroups,
  paginateGetLogEvents,
  type GetLogEventsCommandOutput,
  type InputLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchEmulator, type CloudWatchEmulatorOptions } from './cloudwatch.js';

const G = '/test/group';
const S = 'stream';
const KEY_ID = 'AKIDEXAMPLE000000001';
const SECRET = 'test-secret-access-key';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LIMIT = 1_048_576;

let cw: CloudWatchEmulator;
/** The service clock: tests move it instead of waiting. */
let clock = Date.now();
const extra: CloudWatchEmulator[] = [];

interface ClientOptions {
  maxAttempts?: number;
  accessKeyId?: string;
  secretAccessKey?: string;
  requestTimeout?: number;
  emulator?: CloudWatchEmulator;
}

function client(options: ClientOptions = {}): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    endpoint: (options.emulator ?? cw).endpoint,
    region: 'us-east-1',
    credentials: {
      accessKeyId: options.accessKeyId ?? KEY_ID,
      secretAccessKey: options.secretAccessKey ?? SECRET,
    },
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: {
      requestTimeout: options.requestTimeout ?? 2_000,
      throwOnRequestTimeout: true,
    },
  });
}

function put(events: InputLogEvent[], c = client(), stream = S) {
  return c.send(
    new PutLogEventsCommand({ logGroupName: G, logStreamName: stream, logEvents: events }),
  );
}

function at(...offsets: number[]): InputLogEvent[] {
  return offsets.map((offset, i) => ({ timestamp: clock + offset, message: `m${i}` }));
}

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

function messages(group = G, stream = S): string[] {
  return cw.events(group, stream).map((e) => e.message);
}

async function startExtra(options: CloudWatchEmulatorOptions): Promise<CloudWatchEmulator> {
  const emulator = await CloudWatchEmulator.start(options);
  extra.push(emulator);
  return emulator;
}

beforeAll(async () => {
  cw = await CloudWatchEmulator.start({
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
  for (const group of ['/test/a', '/test/b', '/test/c', '/other', G]) cw.deleteLogGroup(group);
  cw.createLogGroup(G);
  cw.createLogStream(G, S);
  cw.clearFaults();
  cw.clearCalls();
  cw.deniedOperations.clear();
});

afterEach(async () => {
  await Promise.all(extra.splice(0).map((emulator) => emulator.close()));
});

describe('wire protocol and credentials', () => {
  it('answers AWS JSON 1.1 with a request id and records each call', async () => {
    const response = await client().send(new DescribeLogGroupsCommand({}));
    expect(response.$metadata.httpStatusCode).toBe(200);
    expect(response.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(cw.calls).toEqual([
      expect.objectContaining({
        operation: 'DescribeLogGroups',
        body: {},
        status: 200,
        attempt: 1,
        at: clock,
        requestId: response.$metadata.requestId,
        invocationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      }),
    ]);
    expect(cw.stats.operations.DescribeLogGroups).toBeGreaterThanOrEqual(1);
  });

  it('is reached through AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, as the bundled action reaches it', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS;
    process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS = cw.endpoint;
    try {
      const fromEnv = new CloudWatchLogsClient({
        region: 'us-east-1',
        credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
      });
      await put(at(0), fromEnv);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS;
      else process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS = saved;
    }
    expect(messages()).toEqual(['m0']);
  });

  it('refuses an unknown access key id with UnrecognizedClientException, not retried', async () => {
    const error = await failure(put(at(0), client({ accessKeyId: 'AKIDUNKNOWN000000000' })));
    expect(error).toBeInstanceOf(UnrecognizedClientException);
    expect(error.message).toBe('The security token included in the request is invalid.');
    expect(cw.calls).toHaveLength(1);
    expect(cw.events(G, S)).toEqual([]);
  });

  it('refuses a signature made with the wrong secret with InvalidSignatureException', async () => {
    const error = await failure(put(at(0), client({ secretAccessKey: 'not-the-secret' })));
    expect(error.name).toBe('InvalidSignatureException');
    expect(error.message).toMatch(/signature we calculated does not match/);
  });

  it('answers a denied IAM action with AccessDeniedException naming the action and resource', async () => {
    cw.deniedOperations.add('CreateLogGroup');
    const error = await failure(client().send(new CreateLogGroupCommand({ logGroupName: '/x' })));
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(error.message).toBe(
      'User: arn:aws:iam::123456789012:user/test is not authorized to perform: logs:CreateLogGroup on resource: arn:aws:logs:us-east-1:123456789012:log-group:/x because no identity-based policy allows the logs:CreateLogGroup action',
    );
    expect(cw.hasLogGroup('/x')).toBe(false);
  });

  it('refuses requests that are not SigV4-signed for logs, and unknown operations', async () => {
    const send = async (target: string, authorization?: string) => {
      const response = await fetch(cw.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': target,
          ...(authorization ? { authorization } : {}),
        },
        body: '{}',
      });
      expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
      expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
      return { status: response.status, body: (await response.json()) as { __type: string } };
    };
    const signed = (service: string) =>
      `AWS4-HMAC-SHA256 Credential=${KEY_ID}/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;
    expect(await send('Logs_20140328.DescribeLogGroups')).toMatchObject({
      status: 400,
      body: { __type: 'MissingAuthenticationTokenException' },
    });
    expect(
      await send('Logs_20140328.DescribeLogGroups', 'AWS4-HMAC-SHA256 nonsense'),
    ).toMatchObject({ status: 400, body: { __type: 'IncompleteSignatureException' } });
    expect(await send('Logs_20140328.DescribeLogGroups', signed('s3'))).toMatchObject({
      status: 400,
      body: { __type: 'InvalidSignatureException' },
    });
    expect(await send('Logs_20140328.StartTheCoffee', signed('logs'))).toMatchObject({
      status: 400,
      body: { __type: 'UnknownOperationException' },
    });
  });
});

describe('log groups and streams', () => {
  it('creates a group and a stream, and refuses to create either twice', async () => {
    const c = client();
    await c.send(new CreateLogGroupCommand({ logGroupName: '/test/a' }));
    await c.send(new CreateLogStreamCommand({ logGroupName: '/test/a', logStreamName: 's' }));
    expect(cw.hasLogStream('/test/a', 's')).toBe(true);
    const group = await failure(c.send(new CreateLogGroupCommand({ logGroupName: '/test/a' })));
    expect(group).toBeInstanceOf(ResourceAlreadyExistsException);
    const stream = await failure(
      c.send(new CreateLogStreamCommand({ logGroupName: '/test/a', logStreamName: 's' })),
    );
    expect(stream).toBeInstanceOf(ResourceAlreadyExistsException);
  });

  it('refuses a stream in a missing group, and a group name the service does not allow', async () => {
    const c = client();
    const missing = await failure(
      c.send(new CreateLogStreamCommand({ logGroupName: '/nope', logStreamName: 's' })),
    );
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing.message).toBe('The specified log group does not exist.');
    const bad = await failure(c.send(new CreateLogGroupCommand({ logGroupName: 'a:b' })));
    expect(bad).toBeInstanceOf(InvalidParameterException);
    expect(bad.message).toMatch(/at 'logGroupName' failed to satisfy constraint/);
  });

  it('sets retention to an allowed number of days and refuses any other', async () => {
    const c = client();
    await c.send(new PutRetentionPolicyCommand({ logGroupName: G, retentionInDays: 7 }));
    expect(cw.retentionOf(G)).toBe(7);
    const error = await failure(
      c.send(new PutRetentionPolicyCommand({ logGroupName: G, retentionInDays: 2 })),
    );
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toMatch(/Value '2' at 'retentionInDays'.*enum value set: \[1, 3, 5, 7/);
    expect(cw.retentionOf(G)).toBe(7);
  });

  it('describes groups by prefix, page by page, with their retention', async () => {
    cw.createLogGroup('/test/a', 30);
    cw.createLogGroup('/test/b');
    cw.createLogGroup('/test/c');
    cw.createLogGroup('/other');
    const c = client();
    const first = await c.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: '/test/', limit: 2 }),
    );
    expect(first.logGroups?.map((g) => g.logGroupName)).toEqual(['/test/a', '/test/b']);
    expect(first.logGroups?.[0]).toMatchObject({
      retentionInDays: 30,
      logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/test/a',
      arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/test/a:*',
    });
    expect(first.nextToken).toBeTruthy();
    const names: string[] = [];
    for await (const page of paginateDescribeLogGroups(
      { client: c, pageSize: 2 },
      { logGroupNamePrefix: '/test/' },
    )) {
      names.push(...(page.logGroups ?? []).map((g) => g.logGroupName!));
    }
    expect(names).toEqual(['/test/a', '/test/b', '/test/c', '/test/group']);
  });

  it('describes streams by prefix or by last event time, with their event times', async () => {
    cw.createLogStream(G, 'another');
    await put(at(-2_000, -1_000));
    await put(at(-5_000), client(), 'another');
    const c = client();
    const byName = await c.send(
      new DescribeLogStreamsCommand({ logGroupName: G, logStreamNamePrefix: 'str' }),
    );
    expect(byName.logStreams).toEqual([
      expect.objectContaining({
        logStreamName: S,
        firstEventTimestamp: clock - 2_000,
        lastEventTimestamp: clock - 1_000,
        lastIngestionTime: clock,
        arn: `arn:aws:logs:us-east-1:123456789012:log-group:${G}:log-stream:${S}`,
      }),
    ]);
    const newestFirst = await c.send(
      new DescribeLogStreamsCommand({
        logGroupName: G,
        orderBy: 'LastEventTime',
        descending: true,
        limit: 1,
      }),
    );
    expect(newestFirst.logStreams?.map((s) => s.logStreamName)).toEqual([S]);
    expect(newestFirst.nextToken).toBeTruthy();
    const refused = await failure(
      c.send(
        new DescribeLogStreamsCommand({
          logGroupName: G,
          orderBy: 'LastEventTime',
          logStreamNamePrefix: 's',
        }),
      ),
    );
    expect(refused).toBeInstanceOf(InvalidParameterException);
  });

  it('deletes a stream and a group, then reports them missing', async () => {
    const c = client();
    await c.send(new DeleteLogStreamCommand({ logGroupName: G, logStreamName: S }));
    expect(cw.hasLogStream(G, S)).toBe(false);
    const stream = await failure(put(at(0)));
    expect(stream).toBeInstanceOf(ResourceNotFoundException);
    expect(stream.message).toBe('The specified log stream does not exist.');
    await c.send(new DeleteLogGroupCommand({ logGroupName: G }));
    expect(cw.hasLogGroup(G)).toBe(false);
    const group = await failure(put(at(0)));
    expect(group.message).toBe('The specified log group does not exist.');
    expect(await failure(c.send(new DeleteLogGroupCommand({ logGroupName: G })))).toBeInstanceOf(
      ResourceNotFoundException,
    );
  });
});

describe('PutLogEvents rules', () => {
  it('accepts a message exactly at the size limit and refuses one byte more', async () => {
    await put([{ timestamp: clock, message: 'x'.repeat(LIMIT - 26) }]);
    expect(cw.events(G, S)).toHaveLength(1);
    const error = await failure(put([{ timestamp: clock, message: 'x'.repeat(LIMIT - 25) }]));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe('Log event too large: 1048577 bytes exceeds limit of 1048576');
    expect(cw.events(G, S)).toHaveLength(1);
  });

  it('counts multi-byte UTF-8 as bytes, not characters', async () => {
    // '€' is 3 bytes: 349,516 of them and 2 ASCII bytes make 1,048,550 bytes, the largest message.
    const largest = '€'.repeat(349_516) + 'xx';
    expect(largest.length).toBe(349_518);
    await put([{ timestamp: clock, message: largest }]);
    const error = await failure(put([{ timestamp: clock, message: `${largest}x` }]));
    expect(error.message).toBe('Log event too large: 1048577 bytes exceeds limit of 1048576');
  });

  it('counts a batch as the UTF-8 bytes of its messages plus 26 per event', async () => {
    // Two events of 524,288 bytes each, overhead included: exactly the limit.
    const half = '山'.repeat(174_754); // 524,262 bytes
    await put([
      { timestamp: clock, message: half },
      { timestamp: clock, message: half },
    ]);
    expect(cw.events(G, S)).toHaveLength(2);
    const error = await failure(
      put([
        { timestamp: clock, message: half },
        { timestamp: clock, message: `${half}!` },
      ]),
    );
    expect(error.message).toBe('Upload too large: 1048577 bytes exceeds limit of 1048576');
    expect(cw.events(G, S)).toHaveLength(2);
  });

  it('accepts equal timestamps and keeps them in the order sent', async () => {
    await put([
      { timestamp: clock, message: 'a' },
      { timestamp: clock, message: 'b' },
      { timestamp: clock, message: 'c' },
    ]);
    expect(messages()).toEqual(['a', 'b', 'c']);
  });

  it('refuses events out of chronological order and stores none of them', async () => {
    const error = await failure(put(at(1, 0)));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe(
      'Log events in a single PutLogEvents request must be in chronological order.',
    );
    expect(cw.events(G, S)).toEqual([]);
  });

  it('keeps a stream in timestamp order when a later batch holds earlier events', async () => {
    await put(at(-10, 10));
    await put(at(0, 0));
    expect(cw.events(G, S).map((e) => e.timestamp - clock)).toEqual([-10, 0, 0, 10]);
  });

  it('refuses a batch spanning more than 24 hours and accepts exactly 24 hours', async () => {
    const error = await failure(put(at(-DAY - 1, 0)));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe(
      'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
    );
    await put(at(-DAY, 0));
    expect(cw.events(G, S)).toHaveLength(2);
  });

  it('measures the 24 hour span over the events it does not reject', async () => {
    // The first event is too old, so what remains spans a minute, not 13 days.
    const response = await put(at(-15 * DAY, -60_000, 0));
    expect(response.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 1 });
    expect(messages()).toEqual(['m1', 'm2']);
  });

  it('accepts 10,000 events and refuses 10,001', async () => {
    const events = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ timestamp: clock, message: `e${i}` }));
    await put(events(10_000));
    expect(cw.events(G, S)).toHaveLength(10_000);
    const error = await failure(put(events(10_001)));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toMatch(/at 'logEvents'.*length less than or equal to 10000/);
    expect(cw.events(G, S)).toHaveLength(10_000);
  });

  it('refuses an empty batch and an empty message', async () => {
    const empty = await failure(put([]));
    expect(empty).toBeInstanceOf(InvalidParameterException);
    expect(empty.message).toMatch(/at 'logEvents'.*length greater than or equal to 1/);
    const blank = await failure(put([{ timestamp: clock, message: '' }]));
    expect(blank.message).toBe(
      "1 validation error detected: Value '' at 'logEvents.1.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('reports too old, expired and too new events by index and stores the rest', async () => {
    await client().send(new PutRetentionPolicyCommand({ logGroupName: G, retentionInDays: 7 }));
    const response = await put([
      { timestamp: clock - 15 * DAY, message: 'too old and expired' },
      { timestamp: clock - 8 * DAY, message: 'expired' },
      { timestamp: clock - HOUR, message: 'kept' },
      { timestamp: clock + 2 * HOUR, message: 'kept: exactly 2 hours ahead' },
      { timestamp: clock + 2 * HOUR + 1, message: 'too new' },
    ]);
    // Old ends are exclusive, the new start inclusive: events [0, 2) and [4, 5) were dropped.
    expect(response.rejectedLogEventsInfo).toEqual({
      tooOldLogEventEndIndex: 1,
      expiredLogEventEndIndex: 2,
      tooNewLogEventStartIndex: 4,
    });
    expect(messages()).toEqual(['kept', 'kept: exactly 2 hours ahead']);
  });

  it('answers 200 with only rejections when every event is rejected', async () => {
    const response = await put(at(3 * HOUR, 4 * HOUR));
    expect(response.$metadata.httpStatusCode).toBe(200);
    expect(response.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 0 });
    expect(cw.events(G, S)).toEqual([]);
  });

  it('ignores sequence tokens, as the service has since 2023', async () => {
    const first = await put(at(0));
    const second = await client().send(
      new PutLogEventsCommand({
        logGroupName: G,
        logStreamName: S,
        logEvents: at(1),
        sequenceToken: 'not-a-token',
      }),
    );
    expect(first.nextSequenceToken).toMatch(/^\d+$/);
    expect(second.nextSequenceToken).not.toBe(first.nextSequenceToken);
    expect(cw.events(G, S)).toHaveLength(2);
  });
});

describe('reading a stream', () => {
  const fill = (count: number) =>
    put(Array.from({ length: count }, (_, i) => ({ timestamp: clock + i, message: `m${i}` })));
  const range = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => `m${from + i}`);
  const read = (input: Partial<ConstructorParameters<typeof GetLogEventsCommand>[0]> = {}) =>
    client().send(new GetLogEventsCommand({ logGroupName: G, logStreamName: S, ...input }));
  const texts = (page: GetLogEventsCommandOutput) => (page.events ?? []).map((e) => e.message);

  it('reads the tail by default and pages backwards until the token comes back unchanged', async () => {
    await fill(25);
    const tail = await read({ limit: 10 });
    expect(texts(tail)).toEqual(range(15, 25));
    expect(tail.events?.[0]).toEqual({
      timestamp: clock + 15,
      message: 'm15',
      ingestionTime: clock,
    });
    const middle = await read({ limit: 10, nextToken: tail.nextBackwardToken });
    expect(texts(middle)).toEqual(range(5, 15));
    const head = await read({ limit: 10, nextToken: middle.nextBackwardToken });
    expect(texts(head)).toEqual(range(0, 5));
    const end = await read({ limit: 10, nextToken: head.nextBackwardToken });
    expect(texts(end)).toEqual([]);
    expect(end.nextBackwardToken).toBe(head.nextBackwardToken);
  });

  it('reads forwards from the head; paginateGetLogEvents with stopOnSameToken stops at the end', async () => {
    await fill(25);
    const pages: string[][] = [];
    for await (const page of paginateGetLogEvents(
      { client: client(), pageSize: 7, stopOnSameToken: true },
      { logGroupName: G, logStreamName: S, startFromHead: true },
    )) {
      pages.push(texts(page) as string[]);
      // A paginator that never sees its token come back would loop for ever: fail instead.
      if (pages.length > 10) throw new Error('paginateGetLogEvents did not stop');
    }
    expect(pages).toEqual([range(0, 7), range(7, 14), range(14, 21), range(21, 25), []]);
    const last = cw.calls.at(-1)!;
    expect(last.operation).toBe('GetLogEvents');
    expect(last.body.nextToken).toMatch(/^f\//);
  });

  it('continues from a forward token with events stored after it was handed out', async () => {
    await fill(3);
    const all = await read({ startFromHead: true });
    const end = await read({ nextToken: all.nextForwardToken });
    expect(end.nextForwardToken).toBe(all.nextForwardToken);
    await put(at(10, 11));
    const more = await read({ nextToken: all.nextForwardToken });
    expect(texts(more)).toEqual(['m0', 'm1']);
    expect(more.nextForwardToken).not.toBe(all.nextForwardToken);
  });

  it('bounds events by startTime (inclusive) and endTime (exclusive), in both directions', async () => {
    await fill(10);
    const window = { startTime: clock + 3, endTime: clock + 6 };
    expect(texts(await read({ ...window, startFromHead: true }))).toEqual(['m3', 'm4', 'm5']);
    expect(texts(await read({ ...window, startFromHead: false }))).toEqual(['m3', 'm4', 'm5']);
  });

  it('refuses a token it did not hand out', async () => {
    const error = await failure(read({ nextToken: 'f/123' }));
    expect(error).toBeInstanceOf(InvalidParameterException);
  });

  it('makes events readable only readDelayMs after ingestion', async () => {
    let now = Date.now();
    const delayed = await startExtra({ now: () => now, readDelayMs: 2_000 });
    delayed.createLogGroup(G);
    delayed.createLogStream(G, S);
    await put([{ timestamp: now, message: 'fresh' }], client({ emulator: delayed }));
    const reader = client({ emulator: delayed });
    const get = () => reader.send(new GetLogEventsCommand({ logGroupName: G, logStreamName: S }));
    const filter = () => reader.send(new FilterLogEventsCommand({ logGroupName: G }));
    expect(delayed.events(G, S)).toHaveLength(1);
    expect((await get()).events).toEqual([]);
    expect((await filter()).events).toEqual([]);
    now += 2_000;
    expect((await get()).events?.map((e) => e.message)).toEqual(['fresh']);
    expect((await filter()).events?.map((e) => e.message)).toEqual(['fresh']);
  });

  it('filters a group by stream names, time and terms, page by page', async () => {
    cw.createLogStream(G, 'other');
    cw.createLogStream(G, 'third');
    await put([
      { timestamp: clock, message: 'ERROR one' },
      { timestamp: clock + 2, message: 'INFO two' },
      { timestamp: clock + 4, message: 'ERROR three' },
    ]);
    await put([{ timestamp: clock + 1, message: 'ERROR in other' }], client(), 'other');
    await put([{ timestamp: clock + 3, message: 'ERROR in third' }], client(), 'third');
    const c = client();
    const first = await c.send(
      new FilterLogEventsCommand({
        logGroupName: G,
        logStreamNames: [S, 'other'],
        filterPattern: 'ERROR',
        limit: 2,
      }),
    );
    expect(first.events?.map((e) => [e.logStreamName, e.message])).toEqual([
      [S, 'ERROR one'],
      ['other', 'ERROR in other'],
    ]);
    expect(first.events?.[0]?.eventId).toBeTruthy();
    const second = await c.send(
      new FilterLogEventsCommand({
        logGroupName: G,
        logStreamNames: [S, 'other'],
        filterPattern: 'ERROR',
        limit: 2,
        nextToken: first.nextToken,
      }),
    );
    expect(second.events?.map((e) => e.message)).toEqual(['ERROR three']);
    expect(second.nextToken).toBeUndefined();
    const window = await c.send(
      new FilterLogEventsCommand({
        logGroupName: G,
        startTime: clock + 1,
        endTime: clock + 4,
        filterPattern: '"in "',
      }),
    );
    expect(window.events?.map((e) => e.message)).toEqual(['ERROR in other', 'ERROR in third']);
  });
});

describe('faults as the SDK sees them', () => {
  it('retries a throttled call after a back-off, under one invocation id', async () => {
    cw.failNext('throttle', { operations: ['PutLogEvents'] });
    const response = await put(at(0), client({ maxAttempts: 2 }));
    expect(response.$metadata.attempts).toBe(2);
    const [throttled, retried] = cw.calls;
    expect(throttled).toMatchObject({ status: 400, errorType: 'ThrottlingException', attempt: 1 });
    expect(retried).toMatchObject({ status: 200, attempt: 2 });
    expect(retried!.invocationId).toBe(throttled!.invocationId);
    expect(cw.stats.faults.throttle).toBeGreaterThanOrEqual(1);
    expect(messages()).toEqual(['m0']);
  });

  it('surfaces throttling, 503 and 500 as the SDK’s errors when it may not retry', async () => {
    const once = client({ maxAttempts: 1 });
    cw.failNext('throttle');
    const throttled = await failure(put(at(0), once));
    expect(throttled).toBeInstanceOf(ThrottlingException);
    expect(throttled.message).toBe('Rate exceeded');
    cw.failNext('unavailable');
    const unavailable = await failure(put(at(0), once));
    expect(unavailable).toBeInstanceOf(ServiceUnavailableException);
    expect(unavailable.$fault).toBe('server');
    cw.failNext('internal');
    const internal = await failure(put(at(0), once));
    expect(internal).toBeInstanceOf(CloudWatchLogsServiceException);
    expect(internal.name).toBe('InternalFailure');
    expect(internal.$metadata).toMatchObject({ httpStatusCode: 500 });
    expect(cw.events(G, S)).toEqual([]);
  });

  it('retries 503 and 500 by itself with the default attempts', async () => {
    cw.failNext('unavailable', { operations: ['PutLogEvents'] });
    cw.failNext('internal', { operations: ['PutLogEvents'] });
    const response = await put(at(0));
    expect(response.$metadata.attempts).toBe(3);
    expect(messages()).toEqual(['m0']);
  });

  it('drops the connection before processing on reset: nothing is stored', async () => {
    cw.failNext('reset');
    const error = await failure(put(at(0), client({ maxAttempts: 1 })));
    // node-http-handler reports a dropped connection as a TimeoutError carrying ECONNRESET.
    expect(error.code).toBe('ECONNRESET');
    expect(cw.calls[0]).toMatchObject({ status: 0, fault: 'reset' });
    expect(cw.events(G, S)).toEqual([]);
  });

  it('stores a put and then drops the connection: the SDK’s own retry stores it twice', async () => {
    cw.failNext('stored-then-reset', { operations: ['PutLogEvents'] });
    const response = await put([{ timestamp: clock, message: 'once?' }]);
    expect(response.$metadata.attempts).toBe(2);
    // The reason the action does its own put retries and reads the stream's tail first.
    expect(messages()).toEqual(['once?', 'once?']);
    expect(cw.calls.map((call) => call.status)).toEqual([0, 200]);
  });

  it('holds a slow request past the timeout; a request given up on is not processed', async () => {
    const event = (message: string) => [{ timestamp: clock, message }];
    cw.failNext('slow');
    const error = await failure(
      put(event('gave up'), client({ maxAttempts: 1, requestTimeout: 100 })),
    );
    expect(error.name).toBe('TimeoutError');
    expect(error.code).toBe('ETIMEDOUT');
    expect(cw.events(G, S)).toEqual([]);
    cw.failNext('slow');
    const retried = await put(event('retried'), client({ maxAttempts: 2, requestTimeout: 100 }));
    expect(retried.$metadata.attempts).toBe(2);
    expect(messages()).toEqual(['retried']);
    // Within the timeout, a slow answer is just late (slowMs is 300 here).
    cw.failNext('slow');
    const started = Date.now();
    await put(event('late'), client({ maxAttempts: 1, requestTimeout: 2_000 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(messages()).toEqual(['retried', 'late']);
  });

  it('answers an injected invalid batch, and deletes the group under a call', async () => {
    cw.failNext('invalid', { operations: ['PutLogEvents'] });
    const error = await failure(put(at(0)));
    expect(error).toBeInstanceOf(InvalidParameterException);
    cw.failNext('delete-group', { operations: ['PutLogEvents'] });
    expect(await failure(put(at(0)))).toBeInstanceOf(ResourceNotFoundException);
    expect(cw.hasLogGroup(G)).toBe(false);
  });

  it('limits a scripted fault to the operations named, before any random plan', async () => {
    cw.injectFaults({ probability: 1, kinds: ['throttle'], operations: ['DescribeLogGroups'] });
    cw.failNext('unavailable', { operations: ['PutLogEvents'] });
    const once = client({ maxAttempts: 1 });
    await once.send(new DescribeLogStreamsCommand({ logGroupName: G }));
    expect(await failure(put(at(0), once))).toBeInstanceOf(ServiceUnavailableException);
    expect(await failure(once.send(new DescribeLogGroupsCommand({})))).toBeInstanceOf(
      ThrottlingException,
    );
    cw.clearFaults();
    await once.send(new DescribeLogGroupsCommand({}));
  });

  it('injects the same random faults for the same seed', async () => {
    const faultsFor = async (seed: number) => {
      const emulator = await startExtra({ seed });
      emulator.injectFaults({ probability: 0.5, kinds: ['throttle', 'unavailable', 'internal'] });
      const once = client({ maxAttempts: 1, emulator });
      for (let i = 0; i < 20; i += 1) {
        await once.send(new DescribeLogGroupsCommand({})).catch(() => undefined);
      }
      return { sequence: emulator.calls.map((call) => call.fault ?? '-'), stats: emulator.stats };
    };
    const first = await faultsFor(7);
    const again = await faultsFor(7);
    expect(again.sequence).toEqual(first.sequence);
    expect(new Set(first.sequence).size).toBeGreaterThan(2);
    const injected = Object.values(first.stats.faults).reduce((sum, n) => sum + n, 0);
    expect(injected).toBe(first.sequence.filter((fault) => fault !== '-').length);
    expect(first.stats.operations.DescribeLogGroups).toBe(20);
  });

  it('closes at once while a slow request is held open', async () => {
    const emulator = await CloudWatchEmulator.start({ slowMs: 60_000 });
    emulator.failNext('slow');
    const pending = failure(
      client({ emulator, maxAttempts: 1, requestTimeout: 30_000 }).send(
        new DescribeLogGroupsCommand({}),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await emulator.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await pending).code).toBe('ECONNRESET');
  });
});

describe('a caller that is killed', () => {
  it('is frozen at the moment a put is processed: the put stays stored, its answer never comes', async () => {
    const emulator = await startExtra({});
    emulator.createLogGroup(G);
    emulator.createLogStream(G, S);
    const moments: string[] = [];
    emulator.onRequest = (moment) => {
      moments.push(`${moment.phase} ${moment.operation} ${moment.accessKeyId}`);
      if (moment.phase === 'processed' && moment.accessKeyId === 'AKIDKILLED0000000001') {
        emulator.freeze(moment.accessKeyId);
      }
    };
    const dying = client({ emulator, maxAttempts: 1, accessKeyId: 'AKIDKILLED0000000001' });
    let answered = false;
    const held = put([{ timestamp: clock, message: 'landed' }], dying).then(
      () => (answered = true),
      () => (answered = true),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answered).toBe(false);
    expect(emulator.events(G, S).map((e) => e.message)).toEqual(['landed']);
    // Later requests of the frozen caller are held before they are processed.
    void put([{ timestamp: clock, message: 'lost' }], dying).catch(() => undefined);
    // Another caller is served as usual.
    await put([{ timestamp: clock + 1, message: 'next run' }], client({ emulator }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(emulator.events(G, S).map((e) => e.message)).toEqual(['landed', 'next run']);
    expect(moments.slice(0, 2)).toEqual([
      'arrived PutLogEvents AKIDKILLED0000000001',
      'processed PutLogEvents AKIDKILLED0000000001',
    ]);
    await emulator.close();
    await held;
  });

  it('is frozen as a put arrives: nothing is stored', async () => {
    const emulator = await startExtra({});
    emulator.createLogGroup(G);
    emulator.createLogStream(G, S);
    emulator.onRequest = (moment) => {
      if (moment.phase === 'arrived') emulator.freeze(moment.accessKeyId);
    };
    const dying = client({ emulator, maxAttempts: 1, accessKeyId: 'AKIDKILLED0000000002' });
    const held = put([{ timestamp: clock, message: 'lost' }], dying).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(emulator.events(G, S)).toEqual([]);
    await emulator.close();
    await held;
  });
});
