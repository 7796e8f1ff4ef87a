import type { StartFrom } from '../config.js';
import type { CheckpointRecord, CheckpointTarget } from '../checkpoint/record.js';
import {
  BatchBuilder,
  MAX_MESSAGE_BYTES,
  toPendingEvent,
  type Batch,
} from '../cloudwatch/batcher.js';
import { errorMessage } from '../errors.js';
import { logTimestamp, type Auth0Log, type LogPosition } from '../logs/log.js';
import type { RedactionCount, RedactMethod, Redactor } from '../logs/redact.js';
import { Cursor } from './cursor.js';
import { checkpointPages } from './pages.js';
import type { LogSink, LogSource, LogTypeFilter, PutOutcome, StreamTail } from './ports.js';
import { Sender } from './sender.js';
import { findGap, resolveStart, type Gap, type StartReason } from './start.js';
import { describeRejected, Tally } from './tally.js';

export interface ExportOptions {
  target: CheckpointTarget;
  batchSize: number;
  startFrom: StartFrom;
  startFromInput: string;
  source: LogSource;
  sink: LogSink;
  filter: LogTypeFilter;
  /** Applied to every log the filter keeps, before it is batched; undefined: nothing is redacted. */
  redactor?: Redactor;
  /** The checkpoint restored from the store, already checked to belong to this target. */
  restored?: CheckpointRecord;
  /** Called after every acknowledged batch (and after pages of filtered logs) with the new checkpoint. */
  onCheckpoint: (record: CheckpointRecord) => void;
  /** Stop cleanly at this time (ms since epoch): send what is pending, keep the checkpoint. */
  deadline: number;
  /** Aborts on cancellation: stop fetching, let the put in flight settle, keep the checkpoint. */
  signal?: AbortSignal;
  now?: () => number;
  log?: (message: string) => void;
}

export interface ExportResult {
  startReason: StartReason;
  /** The position the run started after (undefined: before the first log it fetched). */
  startedAfter?: LogPosition;
  checkpointBefore?: LogPosition;
  checkpointAfter?: LogPosition;
  streamTail?: StreamTail;
  fetched: number;
  /** What became of the logs read: exported, filtered, rejected; by type and by hour. */
  tally: Tally;
  /** Date of the newest log this run processed (or of the checkpoint when there was none). */
  newestLogDate?: string;
  caughtUp: boolean;
  stoppedBy?: 'max-duration' | 'cancelled';
  pages: number;
  /** Set when the checkpoint's log is no longer retained by Auth0: logs may have been lost. */
  gap?: Gap;
  /** What the redactor replaced or dropped in the logs this run processed. */
  redaction?: RedactionReport;
}

export interface RedactionReport {
  method: RedactMethod;
  /** Logs that went through the redactor. */
  logs: number;
  fields: RedactionCount[];
  /** Entries of `redact-fields` that matched no value in this run. */
  unmatched: string[];
}

/** A run that stopped on an error, with the progress it made before. */
export class ExportFailedError extends Error {
  override name = 'ExportFailedError';
  constructor(
    override readonly cause: unknown,
    readonly result: ExportResult,
  ) {
    super(errorMessage(cause));
  }
}

/**
 * The pipeline: Auth0 pages -> filter -> batches -> CloudWatch, one put in flight while the next
 * page is fetched, the checkpoint moving only past logs that are stored, filtered or counted.
 */
export async function runExport(options: ExportOptions): Promise<ExportResult> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const { source, sink } = options;

  await sink.prepare();
  const tail = await sink.newestLogId();
  const start = await resolveStart({ ...options, log }, tail);
  const result: ExportResult = {
    startReason: start.reason,
    startedAfter: start.after,
    checkpointBefore: options.restored
      ? { logId: options.restored.logId, date: options.restored.logDate }
      : undefined,
    streamTail: tail,
    fetched: 0,
    tally: new Tally(),
    newestLogDate: start.after?.date,
    // A tenant without a single log is as caught up as it gets.
    caughtUp: start.reason === 'empty-tenant',
    pages: 0,
  };
  if ((start.reason === 'checkpoint' || start.reason === 'stream') && start.after) {
    result.gap = await findGap(source, start.after, now());
    if (result.gap) {
      const from = start.after.date ?? `the log ${start.after.logId}`;
      const to = result.gap.firstRetained?.date ?? 'now';
      log(
        `Possible gap: the checkpoint's log is no longer retained by Auth0; logs dated between ${from} and ${to} may be missing`,
      );
    }
  }

  const record = (position: LogPosition): CheckpointRecord => ({
    version: 1,
    logId: position.logId,
    logDate: position.date,
    ...options.target,
    startFrom: options.startFromInput,
    updatedAt: new Date(now()).toISOString(),
  });
  // A changed start-from or a newer stream tail moves the checkpoint before anything is sent, and
  // the record then carries the start-from in force so that the change applies only once.
  if (start.reason !== 'checkpoint' && start.after) options.onCheckpoint(record(start.after));

  const run = new ExportRun(options, result, start.after, (position) => {
    result.checkpointAfter = position;
    options.onCheckpoint(record(position));
  });
  try {
    await run.consumeAll(start.initial);
    const last = start.initial[start.initial.length - 1]?.log_id ?? start.after?.logId;
    if (last !== undefined && !run.stopping()) {
      for await (const logs of checkpointPages(source, last, options.batchSize, run.stopping)) {
        result.pages += 1;
        await run.consumeAll(logs);
        if (logs.length === 0) result.caughtUp = true;
      }
    }
    await run.finish();
  } catch (error) {
    await run.abandon();
    if (options.signal?.aborted) {
      // A request cut short by the cancellation is not a failure of the export.
      result.stoppedBy = 'cancelled';
      result.caughtUp = false;
      log('Cancelled: the put in flight has settled and the checkpoint is kept');
      return result;
    }
    throw new ExportFailedError(error, result);
  } finally {
    result.checkpointAfter = run.cursor.checkpoint;
    const { redactor } = options;
    if (redactor) {
      result.redaction = {
        method: redactor.method,
        logs: redactor.logs(),
        fields: redactor.counts(),
        unmatched: redactor.unmatchedEntries(),
      };
    }
  }
  return result;
}

/** One run's moving parts: the batch being filled, the sender, the cursor and the tally. */
class ExportRun {
  readonly cursor: Cursor;
  private readonly builder = new BatchBuilder();
  private readonly sender: Sender<Batch>;
  /** Types of the logs in open batches, to count them once CloudWatch has answered. */
  private readonly typeOf = new Map<string, string>();
  private readonly now: () => number;
  private readonly log: (message: string) => void;

  constructor(
    private readonly options: ExportOptions,
    private readonly result: ExportResult,
    start: LogPosition | undefined,
    onAdvance: (position: LogPosition) => void,
  ) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
    this.cursor = new Cursor(start, onAdvance);
    this.sender = new Sender(
      options.sink,
      (batch, outcome) => this.settle(batch, outcome),
      options.signal,
    );
  }

  /** Whether the run should stop reading: cancelled, or out of time. Records why. */
  readonly stopping = (): boolean => {
    if (this.options.signal?.aborted) this.result.stoppedBy = 'cancelled';
    else if (this.now() >= this.options.deadline) this.result.stoppedBy = 'max-duration';
    return this.result.stoppedBy !== undefined;
  };

  async consumeAll(logs: Auth0Log[]): Promise<void> {
    for (const entry of logs) {
      // Synchronous but for a sealed batch, which waits for the put before it, if one is in flight.
      const sealed = this.consume(entry);
      if (sealed) await this.sender.send(sealed);
    }
    this.cursor.advance();
  }

  /** After the last page: send what is pending (unless cancelled) and let the last put settle. */
  async finish(): Promise<void> {
    const { stoppedBy } = this.result;
    if (stoppedBy) {
      this.log(
        stoppedBy === 'cancelled'
          ? 'Cancelled: letting the put in flight settle and keeping the checkpoint'
          : 'The time budget (max-duration) is spent: sending what is pending and stopping',
      );
    }
    if (stoppedBy !== 'cancelled') {
      const last = this.builder.seal();
      if (last) await this.sender.send(last);
    }
    await this.sender.settled();
    this.cursor.advance();
  }

  /** The run is failing: let a put in flight settle first, since its acknowledgement still counts. */
  async abandon(): Promise<void> {
    await this.sender.quiesce();
  }

  /** Counts, filters, redacts and batches one log; returns the batch it sealed, if any. */
  private consume(entry: Auth0Log): Batch | undefined {
    const { tally } = this.result;
    this.result.fetched += 1;
    this.result.newestLogDate = entry.date;
    const previous = this.cursor.consume({ logId: entry.log_id, date: entry.date });
    if (!this.options.filter.accepts(entry.type)) {
      tally.countFiltered(entry.type);
      return;
    }
    const timestamp = logTimestamp(entry);
    if (Number.isNaN(timestamp)) {
      tally.countRejected(entry.type, entry.log_id, 'bad-date');
      return;
    }
    // Redacted before it is measured and batched: the size limits apply to what is sent.
    const { redactor } = this.options;
    const message = JSON.stringify(redactor ? redactor.redact(entry) : entry);
    const event = toPendingEvent(entry.log_id, timestamp, message);
    if (event.bytes > MAX_MESSAGE_BYTES) {
      // One event may hold at most 1 MiB; such a log can never be stored, so it is counted and passed.
      tally.countRejected(entry.type, entry.log_id, 'too-large');
      return;
    }
    this.typeOf.set(entry.log_id, entry.type);
    this.cursor.hold(entry.log_id, previous);
    return this.builder.add(event);
  }

  private settle(batch: Batch, outcome: PutOutcome): void {
    const { tally } = this.result;
    const rejected = new Map(outcome.rejected.map((entry) => [entry.logId, entry.reason]));
    batch.logIds.forEach((logId, index) => {
      const type = this.typeOf.get(logId) ?? 'unknown';
      this.typeOf.delete(logId);
      const reason = rejected.get(logId);
      if (reason) tally.countRejected(type, logId, reason);
      else tally.countExported(type, batch.events[index]!.timestamp);
    });
    if (outcome.rejected.length > 0) {
      this.log(
        `CloudWatch refused ${outcome.rejected.length} events of a batch (${describeRejected(outcome.rejected)})`,
      );
    }
    this.cursor.release(batch.logIds);
    this.cursor.advance();
  }
}
