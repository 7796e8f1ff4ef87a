import type { StartFrom } from '../config.js';
import type { CheckpointRecord } from '../checkpoint/record.js';
import { compareLogIds, type Auth0Log, type LogPosition } from '../logs/log.js';
import type { LogSource, StreamTail } from './ports.js';

export type StartReason =
  'checkpoint' | 'stream' | 'start-from' | 'start-from-changed' | 'empty-tenant';

export interface Start {
  reason: StartReason;
  /** Start after this log. */
  after?: LogPosition;
  /** Logs to process before paging after them (the first log when starting from the oldest or a date). */
  initial: Auth0Log[];
}

export interface StartOptions {
  source: LogSource;
  startFrom: StartFrom;
  /** The `start-from` input as written, compared with the one the checkpoint was written under. */
  startFromInput: string;
  restored?: CheckpointRecord;
  log: (message: string) => void;
}

/**
 * Where the run starts: the checkpoint, unless `start-from` changed since it was written (or there
 * is none); then never before the newest log the stream already holds (delivery rule 4).
 */
export async function resolveStart(
  options: StartOptions,
  tail: StreamTail | undefined,
): Promise<Start> {
  const { restored, startFromInput, log } = options;
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
    start = await fromInput(options.source, options.startFrom);
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

async function fromInput(source: LogSource, from: StartFrom): Promise<Start> {
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

/** Set when the checkpoint's log is no longer retained by Auth0: logs may have been lost. */
export interface Gap {
  after: LogPosition;
  firstRetained?: LogPosition;
}

/**
 * Auth0 keeps logs for at least a day on every plan, so a checkpoint younger than this cannot have
 * fallen out of retention; an older one is looked up before the run relies on it.
 */
const GAP_CHECK_AGE_MS = 23 * 3_600_000;

/** Whether logs after `after` may have been lost to Auth0's retention (delivery rule 7). */
export async function findGap(
  source: LogSource,
  after: LogPosition,
  now: number,
): Promise<Gap | undefined> {
  const date = after.date === undefined ? NaN : Date.parse(after.date);
  if (!Number.isNaN(date) && now - date < GAP_CHECK_AGE_MS) return undefined;
  if (await source.get(after.logId)) return undefined;
  const oldest = await source.oldest();
  return { after, firstRetained: oldest ? { logId: oldest.log_id, date: oldest.date } : undefined };
}
