import { outcomeOf, type LogOutcome } from './auth0/log-filter.js';
import type { StartFrom } from './config.js';
import { errorMessage } from './errors.js';
import { compareLogIds, logTimestamp, type Auth0Log } from './auth0/log.js';
import {
  BatchBuilder,
  MAX_MESSAGE_BYTES,
  toPendingEvent,
  type Batch,
  type LogPosition,
} from './cloudwatch/batcher.js';
import type { PutOutcome, RejectReason, StreamTail } from './cloudwatch/sink.js';
import type { CheckpointRecord, CheckpointTarget } from './checkpoint/record.js';

/** What the pipeline needs from Auth0. */
export interface LogSource {
  page(from: string, take: number): Promise<Auth0Log[]>;
  oldest(): Promise<Auth0Log | undefined>;
  newest(): Promise<Auth0Log | undefined>;
  firstAtOrAfter(date: Date, count: number): Promise<Auth0Log[]>;
  /** One log by id; undefined when Auth0 no longer retains it. */
  get(logId: string): Promise<Auth0Log | undefined>;
}

/** What the pipeline needs from CloudWatch. */
export interface LogSink {
  prepare(): Promise<void>;
  newestLogId(): Promise<StreamTail | undefined>;
  put(batch: Batch): Promise<PutOutcome>;
}

export interface LogTypeFilter {
  accepts(type: string): boolean;
}

export interface ExportOptions {
  target: CheckpointTarget;
  batchSize: number;
  startFrom: StartFrom;
  startFromInput: string;
  source: LogSource;
  sink: LogSink;
  filter: LogTypeFilter;
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

export type StartReason =
  'checkpoint' | 'stream' | 'start-from' | 'start-from-changed' | 'empty-tenant';

export type RejectedReason = RejectReason | 'too-large' | 'bad-date';

export interface TypeCount {
  exported: number;
  filtered: number;
  rejected: number;
}

export interface ExportResult {
  startReason: StartReason;
  /** The position the run started after (undefined: before the first log it fetched). */
  startedAfter?: LogPosition;
  checkpointBefore?: LogPosition;
  checkpointAfter?: LogPosition;
  streamTail?: StreamTail;
  fetched: number;
  exported: number;
  filtered: number;
  rejected: { logId: string; reason: RejectedReason }[];
  /** Date of the newest log this run processed (or of the checkpoint when there was none). */
  newestLogDate?: string;
  caughtUp: boolean;
  stoppedBy?: 'max-duration' | 'cancelled';
  pages: number;
  types: Map<string, TypeCount>;
  /** Exported logs per hour of their Auth0 date (ISO hour, e.g. 2026-11-24T10), by outcome. */
  hourly: Map<string, Record<LogOutcome, number>>;
  /** Set when the checkpoint's log is no longer retained by Auth0: logs may have been lost. */
  gap?: { after: LogPosition; firstRetained?: LogPosition };
}

/**
 * Auth0 keeps logs for at least a day on every plan, so a checkpoint younger than this cannot have
 * fallen out of retention; an older one is looked up before the run relies on it.
 */
const GAP_CHECK_AGE_MS = 23 * 3_600_000;

/**
 * The pipeline: Auth0 pages -> filter -> batches -> CloudWatch, one put in flight while the next
 * page is fetched, the checkpoint moving only past logs that are stored, filtered or counted.
 */
export async function runExport(options: ExportOptions): Promise<ExportResult> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const { source, sink, filter, batchSize, signal } = options;

  await sink.prepare();
  const tail = await sink.newestLogId();
  const start = await resolveStart(options, tail, log);

  const result: ExportResult = {
    startReason: start.reason,
    startedAfter: start.after,
    checkpointBefore: options.restored
      ? { logId: options.restored.logId, date: options.restored.logDate }
      : undefined,
    checkpointAfter: undefined,
    streamTail: tail,
    fetched: 0,
    exported: 0,
    filtered: 0,
    rejected: [],
    newestLogDate: start.after?.date,
    caughtUp: false,
    pages: 0,
    types: new Map(),
    hourly: new Map(),
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

  let checkpoint: LogPosition | undefined = start.after;
  const publish = (position: LogPosition | undefined, force = false): void => {
    if (!position) return;
    if (!force && checkpoint && compareLogIds(position.logId, checkpoint.logId) <= 0) return;
    checkpoint = position;
    result.checkpointAfter = position;
    options.onCheckpoint({
      version: 1,
      logId: position.logId,
      logDate: position.date,
      ...options.target,
      startFrom: options.startFromInput,
      updatedAt: new Date(now()).toISOString(),
    });
  };
  // A changed start-from or a newer stream tail moves the checkpoint before anything is sent, and
  // the record then carries the start-from in force so that the change applies only once.
  if (start.reason !== 'checkpoint') publish(start.after, true);

  const builder = new BatchBuilder();
  let lastConsumed: LogPosition | undefined = start.after;
  let inFlight: Promise<void> | undefined;
  let inFlightBatch: Batch | undefined;
  let waiting: Batch | undefined;

  const countType = (type: string, field: keyof TypeCount): void => {
    const counts = result.types.get(type) ?? { exported: 0, filtered: 0, rejected: 0 };
    counts[field] += 1;
    result.types.set(type, counts);
  };
  const typeOf = new Map<string, string>();

  /**
   * Moves the checkpoint to just before the first log whose delivery is still open (in flight,
   * waiting or being batched), or to the last log consumed when none is open. Batches hold
   * contiguous runs of logs and go out one at a time, so every log before that one is stored,
   * filtered out or counted as rejected.
   */
  const settle = (): void => {
    const open = inFlightBatch ?? waiting ?? builder.peek();
    publish(open ? open.previous : lastConsumed);
  };

  const send = async (batch: Batch): Promise<void> => {
    const outcome = await sink.put(batch);
    result.exported += outcome.accepted;
    const rejected = new Set(outcome.rejected.map((entry) => entry.logId));
    batch.logIds.forEach((logId, index) => {
      const type = typeOf.get(logId) ?? 'unknown';
      typeOf.delete(logId);
      if (rejected.has(logId)) {
        countType(type, 'rejected');
        return;
      }
      countType(type, 'exported');
      const hour = new Date(batch.events[index]!.timestamp).toISOString().slice(0, 13);
      const counts = result.hourly.get(hour) ?? { success: 0, failure: 0, other: 0 };
      counts[outcomeOf(type)] += 1;
      result.hourly.set(hour, counts);
    });
    result.rejected.push(...outcome.rejected);
    if (outcome.rejected.length > 0) {
      log(
        `CloudWatch refused ${outcome.rejected.length} events of a batch (${summarise(outcome.rejected)})`,
      );
    }
    inFlight = undefined;
    inFlightBatch = undefined;
    settle();
  };

  const dispatch = async (batch: Batch): Promise<void> => {
    waiting = batch;
    if (inFlight) await inFlight;
    // Cancelled while waiting: this batch stays unsent, and the checkpoint stays before it.
    if (signal?.aborted) throw new Error('cancelled');
    waiting = undefined;
    inFlightBatch = batch;
    inFlight = send(batch);
    // A failure surfaces at the next await of inFlight, never as an unhandled rejection.
    inFlight.catch(() => undefined);
  };

  const consume = async (entry: Auth0Log): Promise<void> => {
    result.fetched += 1;
    const previous = lastConsumed;
    lastConsumed = { logId: entry.log_id, date: entry.date };
    result.newestLogDate = entry.date;
    if (!filter.accepts(entry.type)) {
      result.filtered += 1;
      countType(entry.type, 'filtered');
      return;
    }
    const timestamp = logTimestamp(entry);
    const message = JSON.stringify(entry);
    if (Number.isNaN(timestamp)) {
      result.rejected.push({ logId: entry.log_id, reason: 'bad-date' });
      countType(entry.type, 'rejected');
      return;
    }
    const event = toPendingEvent(entry.log_id, timestamp, message, previous);
    if (event.bytes > MAX_MESSAGE_BYTES) {
      // One event may hold at most 1 MiB; such a log can never be stored, so it is counted and passed.
      result.rejected.push({ logId: entry.log_id, reason: 'too-large' });
      countType(entry.type, 'rejected');
      return;
    }
    typeOf.set(entry.log_id, entry.type);
    const sealed = builder.add(event);
    if (sealed) await dispatch(sealed);
  };

  const stopReason = (): ExportResult['stoppedBy'] => {
    if (signal?.aborted) return 'cancelled';
    if (now() >= options.deadline) return 'max-duration';
    return undefined;
  };

  try {
    let pending: Promise<Auth0Log[]> | undefined;
    let initial = start.initial;
    let cursor = start.after?.logId;
    const fetchPage = (from: string): Promise<Auth0Log[]> => {
      const page = source.page(from, batchSize);
      page.catch(() => undefined);
      return page;
    };
    if (initial.length === 0 && cursor !== undefined) pending = fetchPage(cursor);
    // A tenant without a single log is as caught up as it gets.
    if (start.reason === 'empty-tenant') result.caughtUp = true;

    while (initial.length > 0 || pending) {
      const logs = initial.length > 0 ? initial : await pending!;
      initial = [];
      pending = undefined;
      if (logs !== start.initial) result.pages += 1;
      if (logs.length > 0) cursor = logs[logs.length - 1]!.log_id;

      result.stoppedBy = stopReason();
      const reachedEnd = logs.length === 0;
      // Fetch the next page while this one is batched and the put in flight settles.
      if (!reachedEnd && !result.stoppedBy && cursor !== undefined) pending = fetchPage(cursor);

      for (const entry of logs) await consume(entry);
      settle();
      if (reachedEnd) {
        result.caughtUp = true;
        break;
      }
      if (result.stoppedBy) break;
    }
    if (result.stoppedBy) {
      log(
        result.stoppedBy === 'cancelled'
          ? 'Cancelled: letting the put in flight settle and keeping the checkpoint'
          : 'The time budget (max-duration) is spent: sending what is pending and stopping',
      );
    }

    if (result.stoppedBy !== 'cancelled') {
      const last = builder.seal();
      if (last) await dispatch(last);
    }
    if (inFlight) await inFlight;
    settle();
  } catch (error) {
    // Let a put in flight settle first: its acknowledgement still moves the checkpoint.
    if (inFlight) await inFlight.catch(() => undefined);
    result.checkpointAfter = checkpoint;
    if (signal?.aborted) {
      // A request cut short by the cancellation is not a failure of the export.
      result.stoppedBy = 'cancelled';
      result.caughtUp = false;
      log('Cancelled: the put in flight has settled and the checkpoint is kept');
      return result;
    }
    throw new ExportFailedError(error, result);
  }
  result.checkpointAfter = checkpoint;
  return result;
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

async function findGap(
  source: LogSource,
  after: LogPosition,
  now: number,
): Promise<ExportResult['gap']> {
  const date = after.date === undefined ? NaN : Date.parse(after.date);
  if (!Number.isNaN(date) && now - date < GAP_CHECK_AGE_MS) return undefined;
  if (await source.get(after.logId)) return undefined;
  const oldest = await source.oldest();
  return { after, firstRetained: oldest ? { logId: oldest.log_id, date: oldest.date } : undefined };
}

interface Start {
  reason: StartReason;
  /** Start after this log. */
  after?: LogPosition;
  /** Logs to process before paging after them (the first log when starting from the oldest or a date). */
  initial: Auth0Log[];
}

async function resolveStart(
  options: ExportOptions,
  tail: StreamTail | undefined,
  log: (message: string) => void,
): Promise<Start> {
  const { restored, startFromInput } = options;
  let start: Start;
  if (restored && restored.startFrom === startFromInput) {
    start = {
      reason: 'checkpoint',
      after: { logId: restored.logId, date: restored.logDate },
      initial: [],
    };
  } else {
    if (restored) {
      log(
        `'start-from' changed from '${restored.startFrom}' to '${startFromInput}': starting from there`,
      );
    }
    start = await startFrom(options);
    if (restored) start.reason = 'start-from-changed';
  }
  if (!tail) return start;

  // The stream is the truth: never send again what it already holds (a crash between a put and a
  // checkpoint save, a lost cache entry, a start-from pointing back into exported logs).
  const startsBefore = start.initial[0]?.log_id ?? start.after?.logId;
  const inclusive = start.initial.length > 0;
  const tailIsNewer =
    startsBefore === undefined ||
    (inclusive
      ? compareLogIds(tail.logId, startsBefore) >= 0
      : compareLogIds(tail.logId, startsBefore) > 0);
  if (!tailIsNewer) return start;
  if (start.reason === 'checkpoint') {
    log(
      `The stream already holds logs up to ${tail.logId}, past the checkpoint ${start.after?.logId}: continuing after it`,
    );
  } else if (restored) {
    log(
      `The stream already holds logs up to ${tail.logId}; continuing after it rather than sending them again`,
    );
  } else {
    log(
      `No checkpoint was found; continuing after the newest log already in the stream, ${tail.logId}`,
    );
  }
  return { reason: 'stream', after: { logId: tail.logId, date: tail.date }, initial: [] };
}

async function startFrom(options: ExportOptions): Promise<Start> {
  const { source, startFrom: from } = options;
  switch (from.kind) {
    case 'log-id':
      return { reason: 'start-from', after: { logId: from.logId }, initial: [] };
    case 'now': {
      const newest = await source.newest();
      return newest
        ? { reason: 'start-from', after: { logId: newest.log_id, date: newest.date }, initial: [] }
        : { reason: 'empty-tenant', initial: [] };
    }
    case 'oldest': {
      const oldest = await source.oldest();
      return oldest
        ? { reason: 'start-from', initial: [oldest] }
        : { reason: 'empty-tenant', initial: [] };
    }
    case 'date': {
      const [first] = await source.firstAtOrAfter(from.date, 1);
      return first
        ? { reason: 'start-from', initial: [first] }
        : { reason: 'empty-tenant', initial: [] };
    }
  }
}

function summarise(rejected: { reason: string }[]): string {
  const counts = new Map<string, number>();
  for (const { reason } of rejected) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => `${count} ${reason}`).join(', ');
}
