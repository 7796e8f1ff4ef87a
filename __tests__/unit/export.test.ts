import { describe, expect, it } from 'vitest';
import type { Auth0Log } from '../../src/logs/log.js';
import type { Batch } from '../../src/cloudwatch/batcher.js';
import type { CheckpointRecord } from '../../src/checkpoint/record.js';
import type { StartFrom } from '../../src/config.js';
import { ExportFailedError, runExport } from '../../src/pipeline/export.js';
import type { LogSink, LogSource, PutOutcome, StreamTail } from '../../src/pipeline/ports.js';
import { createRedactor, hmacSha256Hex, parseRedaction } from '../../src/logs/redact.js';
import { PUT_LOG_EVENTS_EVENT_OVERHEAD_BYTES } from '../../src/cloudwatch/batcher.js';

const T0 = Date.UTC(2026, 10, 20);

function makeLogs(
  count: number,
  from = 0,
  type = (n: number) => (n % 3 === 0 ? 'f' : 's'),
): Auth0Log[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return {
      log_id: `900${String(n).padStart(53, '0')}`,
      date: new Date(T0 + n * 1_000).toISOString(),
      type: type(n),
      description: 'x'.repeat(200),
    };
  });
}

/** An in-memory tenant with checkpoint paging. */
class FakeSource implements LogSource {
  pageRequests: string[] = [];
  failAfterPages = Infinity;
  constructor(public logs: Auth0Log[]) {}
  async page(from: string, take: number): Promise<Auth0Log[]> {
    this.pageRequests.push(from);
    if (this.pageRequests.length > this.failAfterPages) throw new Error('Auth0 is down');
    return this.logs.filter((log) => log.log_id > from).slice(0, take);
  }
  async oldest() {
    return this.logs[0];
  }
  async newest() {
    return this.logs[this.logs.length - 1];
  }
  async get(logId: string) {
    return this.logs.find((log) => log.log_id === logId);
  }
  async firstAtOrAfter(date: Date, count: number) {
    return this.logs.filter((log) => Date.parse(log.date) >= date.getTime()).slice(0, count);
  }
}

/** An in-memory stream that records puts and how many were in flight at once. */
class FakeSink implements LogSink {
  stored: { timestamp: number; message: string }[] = [];
  puts: Batch[] = [];
  inFlight = 0;
  maxInFlight = 0;
  failOnPut = Infinity;
  async prepare() {}
  async newestLogId(): Promise<StreamTail | undefined> {
    const last = this.stored.map((event) => JSON.parse(event.message) as Auth0Log).pop();
    return last ? { logId: last.log_id, date: last.date } : undefined;
  }
  async put(batch: Batch): Promise<PutOutcome> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.inFlight -= 1;
    if (this.puts.length + 1 >= this.failOnPut) throw new Error('CloudWatch is down');
    this.puts.push(batch);
    this.stored.push(...batch.events);
    return { accepted: batch.events.length, rejected: [] };
  }
}

interface Case {
  source: FakeSource;
  sink: FakeSink;
  types?: string[];
  restored?: CheckpointRecord;
  startFrom?: StartFrom;
  startFromInput?: string;
}

async function run({ source, sink, types, restored, startFrom, startFromInput }: Case) {
  const checkpoints: CheckpointRecord[] = [];
  const result = await runExport({
    target: { tenant: 't', logGroup: 'g', logStream: 's' },
    batchSize: 100,
    startFrom: startFrom ?? { kind: 'oldest' },
    startFromInput: startFromInput ?? 'oldest',
    source,
    sink,
    filter: { accepts: (type) => !types || types.includes(type) },
    restored,
    onCheckpoint: (record) => checkpoints.push(record),
    deadline: Date.now() + 60_000,
  });
  return { result, checkpoints };
}

function record(logId: string, startFrom = 'oldest'): CheckpointRecord {
  return {
    version: 1,
    logId,
    tenant: 't',
    logGroup: 'g',
    logStream: 's',
    startFrom,
    updatedAt: '',
  };
}

const storedIds = (sink: FakeSink) =>
  sink.stored.map((event) => (JSON.parse(event.message) as Auth0Log).log_id);

describe('the export pipeline', () => {
  it('sends every log once, oldest first, with one put in flight at a time', async () => {
    const source = new FakeSource(makeLogs(12_345));
    const sink = new FakeSink();
    const { result, checkpoints } = await run({ source, sink });
    expect(storedIds(sink)).toEqual(source.logs.map((log) => log.log_id));
    expect(sink.maxInFlight).toBe(1);
    expect(result).toMatchObject({ tally: { exported: 12_345 }, fetched: 12_345, caughtUp: true });
    // Batches were filled to the byte limit while the backlog lasted.
    expect(sink.puts.length).toBeLessThanOrEqual(5);
    expect(checkpoints.at(-1)!.logId).toBe(source.logs.at(-1)!.log_id);
    // The checkpoint only ever moves forward.
    const ids = checkpoints.map((c) => c.logId);
    expect([...ids].sort()).toEqual(ids);
  });

  it('moves the checkpoint past filtered logs, and never past an unacknowledged one', async () => {
    const source = new FakeSource(makeLogs(2_000));
    const sink = new FakeSink();
    const { result, checkpoints } = await run({ source, sink, types: ['f'] });
    expect(result.tally.filtered).toBe(2_000 - result.tally.exported);
    expect(storedIds(sink)).toEqual(source.logs.filter((l) => l.type === 'f').map((l) => l.log_id));
    expect(checkpoints.at(-1)!.logId).toBe(source.logs.at(-1)!.log_id);
    for (const checkpoint of checkpoints) {
      // Every exported log at or before a published checkpoint had been stored already.
      const due = source.logs.filter((l) => l.type === 'f' && l.log_id <= checkpoint.logId).length;
      expect(due).toBeLessThanOrEqual(sink.stored.length);
    }
  });

  it('an all-filtered backlog still advances the checkpoint, so it is never fetched again', async () => {
    const source = new FakeSource(makeLogs(500, 0, () => 's'));
    const sink = new FakeSink();
    const { result, checkpoints } = await run({ source, sink, types: ['f'] });
    expect(result).toMatchObject({ tally: { exported: 0, filtered: 500 } });
    expect(checkpoints.at(-1)!.logId).toBe(source.logs.at(-1)!.log_id);
  });

  it('continues from the stored checkpoint', async () => {
    const source = new FakeSource(makeLogs(300));
    const sink = new FakeSink();
    const { result } = await run({ source, sink, restored: record(source.logs[99]!.log_id) });
    expect(result.startReason).toBe('checkpoint');
    expect(storedIds(sink)).toEqual(source.logs.slice(100).map((l) => l.log_id));
  });

  it('continues after the newest log in the stream when it is past the checkpoint', async () => {
    const source = new FakeSource(makeLogs(300));
    const sink = new FakeSink();
    sink.stored = source.logs
      .slice(0, 150)
      .map((log) => ({ timestamp: 0, message: JSON.stringify(log) }));
    const { result } = await run({ source, sink, restored: record(source.logs[99]!.log_id) });
    expect(result.startReason).toBe('stream');
    expect(storedIds(sink)).toEqual(source.logs.map((l) => l.log_id));
  });

  it('keeps the progress of the acknowledged batches when a later put fails', async () => {
    const source = new FakeSource(makeLogs(12_000));
    const sink = new FakeSink();
    sink.failOnPut = 2;
    const error = await run({ source, sink }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportFailedError);
    const result = (error as ExportFailedError).result;
    expect(result.checkpointAfter!.logId).toBe(sink.puts[0]!.lastLogId);
    expect(result.tally.exported).toBe(sink.stored.length);
  });

  it('applies start-from now, a log_id and a date only without a checkpoint or when it changed', async () => {
    const source = new FakeSource(makeLogs(300));
    let sink = new FakeSink();
    let { result } = await run({ source, sink, startFrom: { kind: 'now' }, startFromInput: 'now' });
    expect(result).toMatchObject({ tally: { exported: 0 }, caughtUp: true });
    expect(result.checkpointAfter!.logId).toBe(source.logs.at(-1)!.log_id);

    sink = new FakeSink();
    const id = source.logs[199]!.log_id;
    ({ result } = await run({
      source,
      sink,
      startFrom: { kind: 'log-id', logId: id },
      startFromInput: id,
    }));
    expect(storedIds(sink)).toEqual(source.logs.slice(200).map((l) => l.log_id));

    sink = new FakeSink();
    const date = new Date(source.logs[250]!.date);
    ({ result } = await run({
      source,
      sink,
      startFrom: { kind: 'date', date },
      startFromInput: date.toISOString(),
      restored: record(source.logs[10]!.log_id, 'oldest'),
    }));
    expect(result.startReason).toBe('start-from-changed');
    expect(storedIds(sink)).toEqual(source.logs.slice(250).map((l) => l.log_id));
  });

  it('reports a tenant without logs as caught up, with no checkpoint to save', async () => {
    const { result, checkpoints } = await run({ source: new FakeSource([]), sink: new FakeSink() });
    expect(result).toMatchObject({
      startReason: 'empty-tenant',
      caughtUp: true,
      tally: { exported: 0 },
    });
    expect(checkpoints).toHaveLength(0);
  });
});

describe('redaction in the pipeline', () => {
  const KEY = 'a-test-key-of-32-characters-long';
  const redactor = (fields: string, method = 'hash') =>
    createRedactor(
      parseRedaction(
        { fields, method, key: KEY },
        { fields: 'redact-fields', method: 'redact-method', key: 'redact-key' },
      )!,
    );
  const withUsers = (logs: Auth0Log[]) =>
    logs.map((log, n) => ({ ...log, user_name: `user${n % 4}@example.com`, ip: '203.0.113.9' }));

  async function runWith(logs: Auth0Log[], fields: string, method = 'hash', types?: string[]) {
    const sink = new FakeSink();
    const result = await runExport({
      target: { tenant: 't', logGroup: 'g', logStream: 's' },
      batchSize: 100,
      startFrom: { kind: 'oldest' },
      startFromInput: 'oldest',
      source: new FakeSource(logs),
      sink,
      filter: { accepts: (type) => !types || types.includes(type) },
      redactor: redactor(fields, method),
      onCheckpoint: () => undefined,
      deadline: Date.now() + 60_000,
    });
    return { result, sink };
  }

  it('filters first, then redacts what it keeps; the rest of each message is the log unchanged', async () => {
    const logs = withUsers(makeLogs(30));
    const { result, sink } = await runWith(logs, 'user_name, emial', 'hash', ['s']);
    const kept = logs.filter((log) => log.type === 's');
    expect(sink.stored.map((event) => JSON.parse(event.message))).toEqual(
      kept.map((log) => ({
        ...log,
        user_name: `hmac-sha256:${hmacSha256Hex(KEY, log.user_name)}`,
      })),
    );
    for (const [index, event] of sink.stored.entries()) {
      expect(Object.keys(JSON.parse(event.message))).toEqual(Object.keys(kept[index]!));
    }
    expect(result.redaction).toEqual({
      method: 'hash',
      logs: kept.length,
      fields: [
        { field: 'user_name', from: ['user_name'], values: kept.length },
        { field: 'emial', from: ['emial'], values: 0 },
      ],
      unmatched: ['emial'],
    });
  });

  it('batches the redacted message, counting its bytes', async () => {
    const { sink } = await runWith(withUsers(makeLogs(10)), 'ip, user_name', 'mask');
    for (const batch of sink.puts) {
      const bytes = batch.events.reduce(
        (sum, event) =>
          sum + Buffer.byteLength(event.message) + PUT_LOG_EVENTS_EVENT_OVERHEAD_BYTES,
        0,
      );
      expect(batch.bytes).toBe(bytes);
      expect(batch.events.every((event) => !event.message.includes('203.0.113.9'))).toBe(true);
    }
  });

  it('a log over the 1 MiB event limit is sent once a dropped field brings it under', async () => {
    const logs = makeLogs(3).map((log) => ({ ...log, details: { trace: 'x'.repeat(1_100_000) } }));
    const dropped = await runWith(logs, 'details.trace', 'drop');
    expect(dropped.result.tally.rejected).toEqual([]);
    expect(dropped.sink.stored).toHaveLength(3);
    const kept = await runWith(logs, 'ip', 'drop');
    expect(kept.result.tally.rejected.map((entry) => entry.reason)).toEqual([
      'too-large',
      'too-large',
      'too-large',
    ]);
  });
});
