import { describe, expect, it } from 'vitest';
import {
  BatchBuilder,
  MAX_MESSAGE_BYTES,
  PUT_LOG_EVENTS_EVENT_OVERHEAD_BYTES,
  PUT_LOG_EVENTS_MAX_BYTES,
  PUT_LOG_EVENTS_MAX_EVENTS,
  splitIntoBatches,
  toPendingEvent,
  type Batch,
  type PendingEvent,
} from '../../src/cloudwatch/batcher.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 1);

function id(n: number): string {
  return `900${String(n).padStart(53, '0')}`;
}

function event(n: number, timestamp: number, message = `{"log_id":"${id(n)}"}`): PendingEvent {
  return toPendingEvent(id(n), timestamp, message);
}

/** Checks a batch against every PutLogEvents rule, the way the service does. */
function expectValid(batch: Batch): void {
  expect(batch.events.length).toBeGreaterThan(0);
  expect(batch.events.length).toBeLessThanOrEqual(PUT_LOG_EVENTS_MAX_EVENTS);
  const bytes = batch.events.reduce(
    (sum, e) => sum + Buffer.byteLength(e.message, 'utf8') + PUT_LOG_EVENTS_EVENT_OVERHEAD_BYTES,
    0,
  );
  expect(bytes).toBeLessThanOrEqual(PUT_LOG_EVENTS_MAX_BYTES);
  expect(batch.bytes).toBe(bytes);
  for (let i = 1; i < batch.events.length; i += 1) {
    expect(batch.events[i]!.timestamp).toBeGreaterThanOrEqual(batch.events[i - 1]!.timestamp);
  }
  const span = batch.events[batch.events.length - 1]!.timestamp - batch.events[0]!.timestamp;
  expect(span).toBeLessThan(24 * HOUR);
}

function logIdsOf(batches: Batch[]): string[] {
  return batches.flatMap((batch) => [...batch.logIds].sort());
}

describe('batching under the PutLogEvents limits', () => {
  it('accepts a message exactly at the event size limit, alone in its batch', () => {
    const big = 'x'.repeat(MAX_MESSAGE_BYTES);
    const batches = splitIntoBatches([event(1, T0), event(2, T0, big), event(3, T0)]);
    expect(batches).toHaveLength(3);
    expect(batches[1]!.bytes).toBe(PUT_LOG_EVENTS_MAX_BYTES);
    batches.forEach(expectValid);
  });

  it('refuses a message one byte over the event size limit', () => {
    const builder = new BatchBuilder();
    expect(() => builder.add(event(1, T0, 'x'.repeat(MAX_MESSAGE_BYTES + 1)))).toThrow(RangeError);
  });

  it('counts multi-byte UTF-8 characters as the bytes CloudWatch counts', () => {
    // 'é' is 2 bytes, '山' 3, '😀' 4 (a surrogate pair in JS, 2 UTF-16 units).
    const message = 'é山😀';
    const pending = toPendingEvent(id(1), T0, message);
    expect(pending.bytes).toBe(9);
    // 3-byte characters filling a batch: the UTF-16 length would allow three times as many.
    const chunk = '山'.repeat(100_000); // 300,000 bytes
    const batches = splitIntoBatches([1, 2, 3, 4, 5].map((n) => event(n, T0, chunk)));
    expect(batches.map((b) => b.events.length)).toEqual([3, 2]);
    batches.forEach(expectValid);
  });

  it('fills a batch up to exactly 1,048,576 bytes and no further', () => {
    // Each event costs 1,000 + 26 bytes; 1,022 of them make 1,048,572 bytes, one more would not fit.
    const message = 'a'.repeat(1_000);
    const events = Array.from({ length: 1_023 }, (_, n) => event(n, T0 + n, message));
    const batches = splitIntoBatches(events);
    expect(batches.map((b) => b.events.length)).toEqual([1_022, 1]);
    expect(batches[0]!.bytes).toBe(1_022 * 1_026);
    batches.forEach(expectValid);
  });

  it('keeps log_id order among equal timestamps and sorts the rest by time', () => {
    const events = [event(1, T0 + 5), event(2, T0), event(3, T0), event(4, T0 + 1), event(5, T0)];
    const [batch] = splitIntoBatches(events);
    expect(batch!.events.map((e) => e.timestamp)).toEqual([T0, T0, T0, T0 + 1, T0 + 5]);
    expect(batch!.logIds).toEqual([id(2), id(3), id(5), id(4), id(1)]);
    expect(batch!.firstLogId).toBe(id(1));
    expect(batch!.lastLogId).toBe(id(5));
    expectValid(batch!);
  });

  it('never lets a batch span 24 hours: a backlog over days is cut into contiguous runs', () => {
    // One log every 10 minutes for 3 days.
    const events = Array.from({ length: 3 * 144 }, (_, n) => event(n, T0 + n * 10 * 60_000));
    const batches = splitIntoBatches(events);
    expect(batches.length).toBe(3);
    batches.forEach(expectValid);
    // Contiguous: each batch starts right after the previous one ended, in log_id order.
    expect(batches.map((b) => b.firstLogId)).toEqual([id(0), id(144), id(288)]);
    expect(logIdsOf(batches)).toEqual(events.map((e) => e.logId));
  });

  it('cuts at a span of exactly 24 hours between two events', () => {
    const batches = splitIntoBatches([
      event(1, T0),
      event(2, T0 + 24 * HOUR - 1),
      event(3, T0 + 24 * HOUR),
    ]);
    expect(batches.map((b) => b.events.length)).toEqual([2, 1]);
    batches.forEach(expectValid);
  });

  it('splits 10,001 small events into 10,000 and 1', () => {
    const events = Array.from({ length: 10_001 }, (_, n) => event(n, T0 + n));
    const batches = splitIntoBatches(events);
    expect(batches.map((b) => b.events.length)).toEqual([10_000, 1]);
    batches.forEach(expectValid);
    expect(logIdsOf(batches)).toEqual(events.map((e) => e.logId));
  });

  it('holds every event exactly once across batches, whatever the mix', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let time = T0;
    const events = Array.from({ length: 5_000 }, (_, n) => {
      time += Math.floor(random() * 2 * 60_000);
      // Dates slightly out of log_id order, as Auth0's checkpoint mode allows.
      const jitter = Math.floor(random() * 5_000) - 2_500;
      const size = random() < 0.01 ? 200_000 : Math.floor(random() * 3_000);
      return event(n, time + jitter, 'ü'.repeat(size));
    });
    const batches = splitIntoBatches(events);
    batches.forEach(expectValid);
    expect(logIdsOf(batches)).toEqual(events.map((e) => e.logId));
  });

  it('fills a batch to exactly 1,048,576 bytes, not one byte less', () => {
    // Two events that together are the limit exactly: one batch.
    const half = PUT_LOG_EVENTS_MAX_BYTES / 2 - PUT_LOG_EVENTS_EVENT_OVERHEAD_BYTES;
    const exact = splitIntoBatches([
      event(1, T0, 'a'.repeat(half)),
      event(2, T0, 'b'.repeat(half)),
    ]);
    expect(exact.map((b) => b.bytes)).toEqual([PUT_LOG_EVENTS_MAX_BYTES]);
    // One byte more: two.
    const over = splitIntoBatches([
      event(1, T0, 'a'.repeat(half)),
      event(2, T0, 'b'.repeat(half + 1)),
    ]);
    expect(over).toHaveLength(2);
  });

  it('counts the bytes of a message as UTF-8', () => {
    expect(toPendingEvent(id(1), T0, 'ü€😀').bytes).toBe(2 + 3 + 4);
  });

  it('never spans 24 hours, even when a log is dated before the ones already in the batch', () => {
    // Auth0's log_id order and date order can differ: the third log is older than the first.
    const batches = splitIntoBatches([
      event(1, T0),
      event(2, T0 + 24 * HOUR - 1),
      event(3, T0 - 1),
    ]);
    expect(batches.map((b) => b.logIds)).toEqual([[id(1), id(2)], [id(3)]]);
    batches.forEach(expectValid);
  });

  it('refuses an event no batch can hold, naming it, its size and the limit', () => {
    const builder = new BatchBuilder();
    const huge = event(7, T0, 'x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect(() => builder.add(huge)).toThrow(
      new RangeError(
        `log ${id(7)} is ${MAX_MESSAGE_BYTES + 1} bytes, over the ${MAX_MESSAGE_BYTES}-byte event limit`,
      ),
    );
  });

  it('makes no batch of no events', () => {
    expect(splitIntoBatches([])).toEqual([]);
    expect(new BatchBuilder().seal()).toBeUndefined();
  });
});
