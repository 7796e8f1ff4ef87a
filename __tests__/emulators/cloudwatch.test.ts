/** The CloudWatch Logs emulator, driven by the real SDK: it must refuse what the service refuses. */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  paginateGetLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchEmulator } from './cloudwatch.js';

const G = '/test/group';
const S = 'stream';
const DAY = 86_400_000;

let cw: CloudWatchEmulator;

function client(maxAttempts = 3, accessKeyId = 'AKIDEXAMPLE000000001'): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    endpoint: cw.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'secret' },
    maxAttempts,
    requestHandler: { requestTimeout: 2_000, throwOnRequestTimeout: true },
  });
}

function put(events: { timestamp: number; message: string }[], c = client()) {
  return c.send(new PutLogEventsCommand({ logGroupName: G, logStreamName: S, logEvents: events }));
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; message: string };
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  cw = await CloudWatchEmulator.start({ accessKeyId: 'AKIDEXAMPLE000000001' });
});

afterAll(async () => {
  await cw.close();
});

beforeEach(() => {
  cw.deleteLogGroup(G);
  cw.createLogGroup(G);
  cw.createLogStream(G, S);
  cw.clearFaults();
});

describe('PutLogEvents rules', () => {
  const now = Date.now();

  it('accepts a message exactly at the size limit and refuses one byte more', async () => {
    await put([{ timestamp: now, message: 'x'.repeat(1_048_576 - 26) }]);
    expect(cw.events(G, S)).toHaveLength(1);
    const error = await failure(put([{ timestamp: now, message: 'x'.repeat(1_048_576 - 25) }]));
    expect(error.name).toBe('InvalidParameterException');
    expect(error.message).toMatch(/Log event too large/);
  });

  it('counts multi-byte UTF-8 as bytes', async () => {
    // 349,525 three-byte characters: 1,048,575 bytes + 26 is over the limit though the string is short.
    const error = await failure(put([{ timestamp: now, message: '山'.repeat(349_525) }]));
    expect(error.name).toBe('InvalidParameterException');
    const ok = '山'.repeat(100_000);
    const batch = await failure(
      put([0, 1, 2, 3].map((i) => ({ timestamp: now + i, message: ok }))),
    );
    expect(batch.message).toMatch(/Upload too large: 1200104 bytes/);
  });

  it('accepts equal timestamps and refuses events out of order', async () => {
    await put([
      { timestamp: now, message: 'a' },
      { timestamp: now, message: 'b' },
    ]);
    const error = await failure(
      put([
        { timestamp: now + 1, message: 'c' },
        { timestamp: now, message: 'd' },
      ]),
    );
    expect(error.message).toMatch(/chronological order/);
  });

  it('refuses a batch spanning more than 24 hours and more than 10,000 events', async () => {
    const span = await failure(
      put([
        { timestamp: now - DAY - 1, message: 'a' },
        { timestamp: now, message: 'b' },
      ]),
    );
    expect(span.message).toMatch(/cannot span more than 24 hours/);
    const many = await failure(
      put(Array.from({ length: 10_001 }, (_, i) => ({ timestamp: now, message: `m${i}` }))),
    );
    expect(many.name).toBe('InvalidParameterException');
  });

  it('reports too old, expired and too new events by index and stores the rest', async () => {
    await client().send(new PutRetentionPolicyCommand({ logGroupName: G, retentionInDays: 7 }));
    const response = await put([
      { timestamp: now - 15 * DAY, message: 'too old' },
      { timestamp: now - 8 * DAY, message: 'expired' },
      { timestamp: now, message: 'kept' },
      { timestamp: now + 3 * 3_600_000, message: 'too new' },
    ]);
    expect(response.rejectedLogEventsInfo).toEqual({
      tooOldLogEventEndIndex: 1,
      expiredLogEventEndIndex: 2,
      tooNewLogEventStartIndex: 3,
    });
    expect(cw.events(G, S).map((e) => e.message)).toEqual(['kept']);
  });

  it('refuses a missing group or stream, and a group or stream that exists already', async () => {
    cw.deleteLogStream(G, S);
    expect((await failure(put([{ timestamp: now, message: 'a' }]))).message).toMatch(
      /log stream does not exist/,
    );
    const exists = await failure(client().send(new CreateLogGroupCommand({ logGroupName: G })));
    expect(exists.name).toBe('ResourceAlreadyExistsException');
    await client().send(new CreateLogStreamCommand({ logGroupName: G, logStreamName: S }));
    const streams = await client().send(
      new DescribeLogStreamsCommand({ logGroupName: G, logStreamNamePrefix: S }),
    );
    expect(streams.logStreams?.map((s) => s.logStreamName)).toEqual([S]);
  });

  it('refuses an unknown access key', async () => {
    const error = await failure(
      put([{ timestamp: now, message: 'a' }], client(1, 'AKIDUNKNOWN000000000')),
    );
    expect(error.name).toBe('UnrecognizedClientException');
  });
});

describe('reading a stream', () => {
  it('pages GetLogEvents forwards and backwards, ending on the token it was given', async () => {
    const now = Date.now();
    await put(Array.from({ length: 25 }, (_, i) => ({ timestamp: now + i, message: `m${i}` })));
    const tail = await client().send(
      new GetLogEventsCommand({
        logGroupName: G,
        logStreamName: S,
        startFromHead: false,
        limit: 10,
      }),
    );
    expect(tail.events?.map((e) => e.message)).toEqual(
      Array.from({ length: 10 }, (_, i) => `m${15 + i}`),
    );
    const pages = paginateGetLogEvents(
      { client: client(), pageSize: 7, stopOnSameToken: true },
      { logGroupName: G, logStreamName: S, startFromHead: true },
    );
    const messages: string[] = [];
    for await (const page of pages) messages.push(...(page.events ?? []).map((e) => e.message!));
    expect(messages).toEqual(Array.from({ length: 25 }, (_, i) => `m${i}`));
  });
});

describe('faults', () => {
  it('a put stored before its connection dropped is stored twice by the SDK’s own retry', async () => {
    cw.failNext('stored-then-reset', 1, ['PutLogEvents']);
    await put([{ timestamp: Date.now(), message: 'once?' }], client(3));
    // The reason the action retries puts itself and checks the stream first.
    expect(cw.events(G, S).map((e) => e.message)).toEqual(['once?', 'once?']);
  });

  it('throttling and 503 are retried by the SDK; a reset without retries surfaces as a network error', async () => {
    cw.failNext('throttle', 1);
    cw.failNext('unavailable', 1);
    await put([{ timestamp: Date.now(), message: 'a' }], client(3));
    expect(cw.events(G, S)).toHaveLength(1);
    cw.failNext('reset', 1);
    const error = await failure(put([{ timestamp: Date.now(), message: 'b' }], client(1)));
    expect(error.name).not.toBe('InvalidParameterException');
    expect(cw.events(G, S)).toHaveLength(1);
  });
});
