/**
 * Groups events into PutLogEvents calls that CloudWatch Logs accepts. Pure: no I/O.
 *
 * A batch is always a contiguous run of the logs in the order Auth0 returned them (log_id order),
 * sorted by timestamp only inside the batch. Because batches go out one at a time, the newest
 * log_id in the stream then proves that every earlier log was delivered.
 */

/** "The maximum batch size is 1,048,576 bytes" (sum of UTF-8 message bytes + 26 per event). */
export const PUT_LOG_EVENTS_MAX_BYTES = 1_048_576;
/** "The maximum number of log events in a batch is 10,000." */
export const PUT_LOG_EVENTS_MAX_EVENTS = 10_000;
/** Bytes CloudWatch adds to each event's message when it sizes a batch. */
export const PUT_LOG_EVENTS_EVENT_OVERHEAD_BYTES = 26;
/** "The time span in a single batch cannot exceed 24 hours": stay strictly below it. */
export const PUT_LOG_EVENTS_MAX_SPAN_MS = 24 * 60 * 60 * 1000 - 1;
/** "Events more than 14 days old" are refused (rejectedLogEventsInfo.tooOldLogEventEndIndex). */
export const PUT_LOG_EVENTS_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;
/** "More than 2 hours in the future" is refused (rejectedLogEventsInfo.tooNewLogEventStartIndex). */
export const PUT_LOG_EVENTS_MAX_AHEAD_MS = 2 * 60 * 60 * 1000;
/** A single event must fit in a batch on its own. */
export const MAX_MESSAGE_BYTES = PUT_LOG_EVENTS_MAX_BYTES - PUT_LOG_EVENTS_EVENT_OVERHEAD_BYTES;

export interface BatchLimits {
  maxBytes: number;
  maxEvents: number;
  maxSpanMs: number;
}

export const PUT_LOG_EVENTS_LIMITS: BatchLimits = {
  maxBytes: PUT_LOG_EVENTS_MAX_BYTES,
  maxEvents: PUT_LOG_EVENTS_MAX_EVENTS,
  maxSpanMs: PUT_LOG_EVENTS_MAX_SPAN_MS,
};

export interface PendingEvent {
  logId: string;
  timestamp: number;
  message: string;
  /** UTF-8 bytes of message, as CloudWatch counts them. */
  bytes: number;
}

export interface Batch {
  /** Events sorted by timestamp (stable, so log_id order holds for equal timestamps). */
  events: { timestamp: number; message: string }[];
  /** log_ids in the same order as `events`. */
  logIds: string[];
  /** The newest log_id in the batch in Auth0's order: the checkpoint once the batch is stored. */
  lastLogId: string;
  firstLogId: string;
  bytes: number;
}

export function toPendingEvent(logId: string, timestamp: number, message: string): PendingEvent {
  // Buffer.byteLength counts a string's UTF-8 bytes unless told another encoding.
  return { logId, timestamp, message, bytes: Buffer.byteLength(message) };
}

export function eventSize(event: PendingEvent): number {
  return event.bytes + PUT_LOG_EVENTS_EVENT_OVERHEAD_BYTES;
}

/** Accumulates events in arrival order and seals a batch when the next event would break a limit. */
export class BatchBuilder {
  private events: PendingEvent[] = [];
  private bytes = 0;
  private minTimestamp = Infinity;
  private maxTimestamp = -Infinity;

  constructor(private readonly limits: BatchLimits = PUT_LOG_EVENTS_LIMITS) {}

  /** Whether `event` fits in the open batch. An event too large for any batch never fits. */
  fits(event: PendingEvent): boolean {
    if (this.events.length >= this.limits.maxEvents) return false;
    if (this.bytes + eventSize(event) > this.limits.maxBytes) return false;
    const low = Math.min(this.minTimestamp, event.timestamp);
    const high = Math.max(this.maxTimestamp, event.timestamp);
    return high - low <= this.limits.maxSpanMs;
  }

  /**
   * Adds an event, first sealing the open batch when the event does not fit in it.
   * Returns the sealed batch, if one was sealed. Throws for an event no batch can hold.
   */
  add(event: PendingEvent): Batch | undefined {
    if (eventSize(event) > this.limits.maxBytes) {
      throw new RangeError(
        `log ${event.logId} is ${event.bytes} bytes, over the ${this.limits.maxBytes - PUT_LOG_EVENTS_EVENT_OVERHEAD_BYTES}-byte event limit`,
      );
    }
    const sealed = this.fits(event) ? undefined : this.seal();
    this.events.push(event);
    this.bytes += eventSize(event);
    this.minTimestamp = Math.min(this.minTimestamp, event.timestamp);
    this.maxTimestamp = Math.max(this.maxTimestamp, event.timestamp);
    return sealed;
  }

  /** Seals the open batch; undefined when it is empty. */
  seal(): Batch | undefined {
    if (this.events.length === 0) return undefined;
    const inArrivalOrder = this.events;
    // Array.prototype.sort is stable, so equal timestamps keep log_id order.
    const sorted = [...inArrivalOrder].sort((a, b) => a.timestamp - b.timestamp);
    const batch: Batch = {
      events: sorted.map(({ timestamp, message }) => ({ timestamp, message })),
      logIds: sorted.map((event) => event.logId),
      firstLogId: inArrivalOrder[0]!.logId,
      lastLogId: inArrivalOrder[inArrivalOrder.length - 1]!.logId,
      bytes: this.bytes,
    };
    this.events = [];
    this.bytes = 0;
    this.minTimestamp = Infinity;
    this.maxTimestamp = -Infinity;
    return batch;
  }
}

/** Splits events (in Auth0's order) into batches that obey every PutLogEvents limit. */
export function splitIntoBatches(
  events: Iterable<PendingEvent>,
  limits: BatchLimits = PUT_LOG_EVENTS_LIMITS,
): Batch[] {
  const builder = new BatchBuilder(limits);
  const batches: Batch[] = [];
  for (const event of events) {
    const sealed = builder.add(event);
    if (sealed) batches.push(sealed);
  }
  const last = builder.seal();
  if (last) batches.push(last);
  return batches;
}
