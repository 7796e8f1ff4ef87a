/** The dry run's sink counts what a real put would send, and what CloudWatch would refuse by age. */
import { describe, expect, it } from 'vitest';
import { DryRunSink } from '../../src/cloudwatch/dry-run-sink.js';
import type { CloudWatchSink, StreamPresence } from '../../src/cloudwatch/sink.js';

const NOW = Date.UTC(2026, 11, 1, 12);
const DAY = 86_400_000;

function reader(presence: StreamPresence): CloudWatchSink {
  const stub = {
    streamExists: async () => presence,
    refuseMissing: () => undefined,
    newestLogId: async () => ({ logId: '900', date: '2026-12-01T11:00:00Z' }),
  };
  return stub as unknown as CloudWatchSink;
}

const batch = (timestamps: number[], first = 1) => ({
  events: timestamps.map((timestamp) => ({ timestamp, message: '{}' })),
  logIds: timestamps.map((_, i) => String(first + i)),
  firstLogId: String(first),
  lastLogId: String(first + timestamps.length - 1),
  bytes: timestamps.length * 28,
});

describe('DryRunSink', () => {
  it('counts calls, events, bytes and the log_id range, and stores nothing', async () => {
    const sink = new DryRunSink(reader('yes'), () => NOW);
    await sink.prepare();
    expect(await sink.newestLogId()).toEqual({ logId: '900', date: '2026-12-01T11:00:00Z' });
    await sink.put(batch([NOW - 1_000, NOW], 1));
    await sink.put(batch([NOW], 3));
    expect(sink.stats).toEqual({ puts: 2, events: 3, bytes: 84, firstLogId: '1', lastLogId: '3' });
  });

  it('refuses by age as PutLogEvents would: over 14 days old or over 2 hours ahead', async () => {
    const sink = new DryRunSink(reader('yes'), () => NOW);
    const outcome = await sink.put(batch([NOW - 15 * DAY, NOW - 13 * DAY, NOW + 3 * 3_600_000]));
    expect(outcome).toEqual({
      accepted: 1,
      rejected: [
        { logId: '1', reason: 'too-old' },
        { logId: '3', reason: 'too-new' },
      ],
    });
  });

  it('notes a missing group or stream, and reads no tail from a stream that is not there', async () => {
    const sink = new DryRunSink(reader('no-group'), () => NOW);
    await sink.prepare();
    expect(sink.stats.wouldCreate).toBe('group');
    expect(await sink.newestLogId()).toBeUndefined();
  });
});
