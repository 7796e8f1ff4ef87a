/**
 * The pipeline's ports: what it needs from the log source and from the log sink. The adapters
 * (src/auth0/, src/cloudwatch/) implement these; the pipeline never imports them.
 */
import type { Auth0Log } from '../logs/log.js';

/** What the pipeline needs from Auth0. */
export interface LogSource {
  /** Logs with a log_id greater than `from`, in log_id order, at most `take` of them. */
  page(from: string, take: number): Promise<Auth0Log[]>;
  oldest(): Promise<Auth0Log | undefined>;
  newest(): Promise<Auth0Log | undefined>;
  firstAtOrAfter(date: Date, count: number): Promise<Auth0Log[]>;
  /** One log by id; undefined when Auth0 no longer retains it. */
  get(logId: string): Promise<Auth0Log | undefined>;
}

/** What reading the source cost: requests, retries, rate-limit waits, the concurrency reached. */
export interface SourceStats {
  requests: number;
  retries: number;
  /** Requests the tenant's bucket held back (at the reserve, or after a 429), and their wait. */
  rateLimitWaits: number;
  rateLimitWaitMs: number;
  /** Answers 429. */
  rateLimited?: number;
  /** The most requests that were in flight at once. */
  peakConcurrency?: number;
  /** Segments read and the boundary searches made for them (DESIGN §9). */
  segments?: number;
  searches?: number;
}

/** One PutLogEvents call's worth of events: a contiguous run of logs in log_id order. */
export interface SinkBatch {
  /** Events sorted by timestamp (stable, so log_id order holds for equal timestamps). */
  events: { timestamp: number; message: string }[];
  /** log_ids in the same order as `events`. */
  logIds: string[];
  firstLogId: string;
  lastLogId: string;
  bytes: number;
}

/** Why CloudWatch refused an event of an accepted call (its `rejectedLogEventsInfo`). */
export type RejectReason = 'too-old' | 'expired' | 'too-new';

export interface PutOutcome {
  accepted: number;
  /** log_ids CloudWatch refused, with the reason it gave. */
  rejected: { logId: string; reason: RejectReason }[];
}

/** The newest log already in the stream. */
export interface StreamTail {
  logId: string;
  date?: string;
}

/** What the pipeline needs from CloudWatch. */
export interface LogSink {
  /** Makes sure the group and stream exist (creating them when allowed). */
  prepare(): Promise<void>;
  /** The newest log_id already in the stream, read from its tail; undefined when there is none. */
  newestLogId(): Promise<StreamTail | undefined>;
  /** Stores a batch exactly once, or throws; the outcome counts what CloudWatch refused. */
  put(batch: SinkBatch): Promise<PutOutcome>;
}

/** Which logs the run exports. */
export interface LogTypeFilter {
  accepts(type: string): boolean;
}
