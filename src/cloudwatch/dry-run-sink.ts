import type { LogSink, PutOutcome, SinkBatch, StreamTail } from '../pipeline/ports.js';
import { PUT_LOG_EVENTS_MAX_AGE_MS, PUT_LOG_EVENTS_MAX_AHEAD_MS } from './batcher.js';
import type { CloudWatchSink, StreamPresence } from './sink.js';

/** What a dry run would have sent. */
export interface DryRunStats {
  /** PutLogEvents calls the batches would have taken. */
  puts: number;
  events: number;
  /** As CloudWatch sizes a batch: UTF-8 bytes of each message + 26 per event. */
  bytes: number;
  firstLogId?: string;
  lastLogId?: string;
  /** Set when the group or stream is missing and a real run would create it. */
  wouldCreate?: 'group' | 'stream';
}

/**
 * A sink that writes nothing: it reads what a real run reads (whether the group and stream exist,
 * the stream's tail) with the same credentials, so that a dry run checks them, and counts the
 * batches it is handed instead of putting them. Events CloudWatch would refuse by their age are
 * counted as refused, as a real put's rejectedLogEventsInfo would.
 */
export class DryRunSink implements LogSink {
  readonly stats: DryRunStats = { puts: 0, events: 0, bytes: 0 };
  private presence: StreamPresence = 'yes';

  constructor(
    private readonly reader: CloudWatchSink,
    private readonly now: () => number = Date.now,
  ) {}

  async prepare(): Promise<void> {
    this.presence = await this.reader.streamExists();
    this.reader.refuseMissing(this.presence);
    if (this.presence !== 'yes') {
      this.stats.wouldCreate = this.presence === 'no-group' ? 'group' : 'stream';
    }
  }

  async newestLogId(): Promise<StreamTail | undefined> {
    // A stream that does not exist yet holds nothing.
    return this.presence === 'yes' ? this.reader.newestLogId() : undefined;
  }

  put(batch: SinkBatch): Promise<PutOutcome> {
    const now = this.now();
    const rejected: PutOutcome['rejected'] = [];
    batch.events.forEach((event, index) => {
      const logId = batch.logIds[index]!;
      if (event.timestamp < now - PUT_LOG_EVENTS_MAX_AGE_MS)
        rejected.push({ logId, reason: 'too-old' });
      else if (event.timestamp > now + PUT_LOG_EVENTS_MAX_AHEAD_MS)
        rejected.push({ logId, reason: 'too-new' });
    });
    this.stats.puts += 1;
    this.stats.events += batch.events.length;
    this.stats.bytes += batch.bytes;
    this.stats.firstLogId ??= batch.firstLogId;
    this.stats.lastLogId = batch.lastLogId;
    return Promise.resolve({ accepted: batch.events.length - rejected.length, rejected });
  }
}
