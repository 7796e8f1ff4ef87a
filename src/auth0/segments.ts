/**
 * Reading a backlog in segments (DESIGN §9). Checkpoint paging is sequential: each page names the
 * next, so a backlog is read at one round trip per page. While a backlog lasts, the reader splits the
 * range ahead into segments, runs of consecutive log_ids each read in checkpoint mode from one
 * boundary log_id up to and including the next, and reads up to `max-concurrency` of them at once.
 *
 * Boundaries come from search mode (the first log at or after a date), but only as hints: a segment
 * is defined by its two log_ids, a boundary is accepted only past everything read so far, and the
 * last segment runs in checkpoint mode to the end. So the segments tile the range with no hole and
 * no overlap whatever the search index answers (late, missing logs, dates out of log_id order).
 *
 * Pages are handed out strictly in log_id order, each starting right after the one before, so the
 * pipeline sees the same stream of pages as from a sequential reader. Memory is bounded whatever the
 * backlog and the concurrency: all segments together hold at most READ_AHEAD_PAGES pages (twice as
 * many once the rate limit holds requests back), and one segment at most a window of them. A
 * segment read whole no longer takes a reader, so while its pages wait for the consumer the next
 * segments are read.
 *
 * Within that bound the read-ahead is sized to what the consumer uses. It starts at what the
 * sequential reader holds, a page and the next request. While the consumer spends most of its time
 * waiting for pages (Auth0 is the bottleneck) it grows to the bound; while the consumer waits
 * little (the puts, or the CPU, are the bottleneck), pages held ahead would only cost memory, and it
 * shrinks back.
 */
import { compareLogIds, logTimestamp, type Auth0Log } from '../logs/log.js';

/**
 * Pages a segment holds at most (its window). A segment is planned for an equal share of the
 * read-ahead up to this many, so that it is read whole before the consumer reaches it: with four
 * readers 12 pages, or 24 once rate-limited, for one boundary search each.
 */
export const SEGMENT_PAGES = 24;
/**
 * Pages all segments hold at most, whatever `max-concurrency`: with four readers, segments of 12
 * pages. More readers read shorter segments, so that each still has a window of its own.
 */
export const READ_AHEAD_PAGES = 2 * SEGMENT_PAGES;
/** Consecutive boundaries refused (not past what was read) before the reader stops splitting for a while. */
const MAX_MISSES = 3;
/**
 * The consumer's share of time spent waiting for its pages at or above which the read-ahead grows
 * (by a page a reader), and below which it shrinks (by a page), as a moving average over pages.
 */
const GROW_AT_WAIT_SHARE = 0.7;
const SHRINK_BELOW_WAIT_SHARE = 0.25;
/** Weight of the newest page in the moving averages of waiting and working: about the last 10 pages. */
const AVERAGE_WEIGHT = 0.1;
/**
 * Pages the read-ahead shrinks to at least: the head's page and its next request, what the
 * sequential reader holds. No segment behind the head is read or planned then: the plan reads on
 * as one segment, with no boundary search, until the consumer waits again.
 */
export const MIN_READ_AHEAD_PAGES = 2;
/** Dates have millisecond precision: a boundary is looked for at least this far on. */
const MIN_BOUNDARY_STEP_MS = 100;

/**
 * The next turn of the event loop, after every callback and promise already queued. A page reaches
 * the consumer only then: the reader that just received it has its next request out first, rather
 * than waiting behind the consumer's work on the page (and on any batch it seals and puts).
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** What the segment reader needs from Auth0. */
export interface SegmentClient {
  /**
   * Checkpoint mode: logs with a log_id after `from`, in log_id order; lower priorities go first
   * (a segment's requests have its rank, in log_id order, for as long as they wait). Once
   * `withdraw` aborts, a request still waiting for its turn is not sent: the call rejects.
   */
  page(from: string, take: number, priority: number, withdraw?: AbortSignal): Promise<Auth0Log[]>;
  /** Search mode: the first log at or after `date` by the index's date order. */
  firstAtOrAfter(
    date: Date,
    priority: number,
    withdraw?: AbortSignal,
  ): Promise<Auth0Log | undefined>;
  /** Requests allowed in flight now. */
  readonly concurrency: number;
  /** Whether the rate limit has held a request back in this run. */
  readonly rateLimited: boolean;
}

export interface SegmentReaderOptions {
  maxConcurrency: number;
  /** Pages a segment holds at most (SEGMENT_PAGES). */
  windowPages?: number;
  /** Pages all segments hold at most (READ_AHEAD_PAGES), twice as many once rate-limited. */
  readAheadPages?: number;
  /** Pages the read-ahead shrinks to at least (MIN_READ_AHEAD_PAGES); at the bound, it is fixed. */
  minReadAheadPages?: number;
  now?: () => number;
  /** A monotonic clock in ms, for the consumer's waits (performance.now). */
  clock?: () => number;
}

export interface SegmentStats {
  /** Segments read (the first included). */
  segments: number;
  /** Boundary searches made. */
  searches: number;
}

/** Logs between two boundaries: (start, end], or (start, ...) for the last segment. */
interface Segment {
  /** Its rank among the segments of the run, in log_id order: the priority of its requests. */
  rank: number;
  start: string;
  end?: string;
  /** The last log_id read, and its date (ms), from which the next boundary is estimated. */
  cursor: string;
  cursorDate: number;
  pages: Auth0Log[][];
  /** Whether a page request of this segment is in flight. */
  reading: boolean;
  read: number;
  done: boolean;
  error?: unknown;
  /** Aborted when the plan is dropped: its requests still waiting for their turn are not sent. */
  dropped: AbortController;
}

/**
 * What a page read in a segment keeps, and whether the segment is complete with it: the page reached
 * the end, or went past it, or (the end known when the page was asked for) came back short, as
 * checkpoint mode answers at the newest log. A short page asked for before the end was found proves
 * nothing of the logs up to the end: it may have been served before they were written, while the
 * search that found the end was served after.
 */
export function trimToSegment(
  logs: Auth0Log[],
  end: string | undefined,
  take: number,
  endKnownWhenAsked = true,
): { kept: Auth0Log[]; complete: boolean } {
  if (end === undefined) return { kept: logs, complete: logs.length < take };
  const kept = logs.filter((log) => compareLogIds(log.log_id, end) <= 0);
  const last = kept[kept.length - 1];
  const complete =
    kept.length < logs.length ||
    (last !== undefined && last.log_id === end) ||
    (endKnownWhenAsked && logs.length < take);
  return { kept, complete };
}

/** Milliseconds between consecutive logs of a page, from its dates; undefined when they say nothing. */
export function msPerLog(logs: Auth0Log[]): number | undefined {
  const dates = logs.map(logTimestamp).filter((date) => !Number.isNaN(date));
  if (dates.length < 2) return undefined;
  const span = Math.max(...dates) - Math.min(...dates);
  return span / (dates.length - 1);
}

/**
 * Whether a full page shows a backlog worth reading in segments: by the pace of its dates, more
 * than two segments' worth of logs lie between its newest log and now.
 */
export function showsBacklog(
  logs: Auth0Log[],
  take: number,
  segmentLogs: number,
  now: number,
): boolean {
  if (logs.length < take) return false;
  const pace = msPerLog(logs);
  const newest = Math.max(...logs.map(logTimestamp).filter((date) => !Number.isNaN(date)));
  if (pace === undefined || !Number.isFinite(newest)) return false;
  const behind = now - newest;
  return behind > 0 && behind > 2 * segmentLogs * Math.max(pace, 1);
}

/**
 * The date to look for the next boundary at: about `logs` logs after `fromDate` at `pace` ms a log,
 * further on each refused attempt; undefined when that is not before now (the last segment's reader
 * gets there as soon).
 */
export function boundaryDate(
  fromDate: number,
  pace: number,
  logs: number,
  attempt: number,
  now: number,
): Date | undefined {
  const date = fromDate + Math.max(pace * logs, MIN_BOUNDARY_STEP_MS) * 2 ** attempt;
  return date < now ? new Date(date) : undefined;
}

/**
 * Logs to plan the next segment for: a full segment while the backlog lasts, and near its end an
 * equal share of what is left for each reader (two pages at least), so that the last logs are read
 * in parallel too rather than by the last segment's reader alone.
 */
export function segmentSize(options: {
  segmentLogs: number;
  take: number;
  readers: number;
  fromDate: number;
  pace: number;
  now: number;
}): number {
  const { segmentLogs, take, readers, fromDate, pace, now } = options;
  const left = (now - fromDate) / Math.max(pace, 0.001);
  return Math.max(2 * take, Math.min(segmentLogs, left / Math.max(1, readers)));
}

/**
 * Whether a boundary found by search may end the last segment: only past everything it has read
 * (and so past every earlier boundary), whatever the index said.
 */
export function acceptsBoundary(candidate: Auth0Log | undefined, last: Segment): boolean {
  return candidate !== undefined && !last.done && compareLogIds(candidate.log_id, last.cursor) > 0;
}

export class SegmentReader {
  readonly stats: SegmentStats = { segments: 0, searches: 0 };
  private segments: Segment[] = [];
  /** The `from` of the page the consumer asks for next while a plan lasts. */
  private expected?: string;
  private take = 0;
  private searching = false;
  private misses = 0;
  /** After MAX_MISSES refusals, splitting resumes once the last segment has read this many logs. */
  private resumeAt = 0;
  private pace = 1_000;
  private closed = false;
  private wake: (() => void)[] = [];
  /** Pages all segments may hold now, before the bounds of `allowed`: see sizeReadAhead. */
  private allowance = 0;
  /** Moving averages (ms a page) of the consumer's wait for a page and of its time between pages. */
  private waiting = 0;
  private working = 0;
  /** When the last page was handed out, to time the consumer's work until it asks for the next. */
  private handedAt?: number;
  private readonly windowPages: number;
  private readonly readAheadPages: number;
  private readonly minReadAheadPages: number;
  private readonly now: () => number;
  private readonly clock: () => number;

  constructor(
    private readonly client: SegmentClient,
    private readonly options: SegmentReaderOptions,
  ) {
    this.windowPages = options.windowPages ?? SEGMENT_PAGES;
    this.readAheadPages = options.readAheadPages ?? READ_AHEAD_PAGES;
    this.minReadAheadPages = options.minReadAheadPages ?? MIN_READ_AHEAD_PAGES;
    this.now = options.now ?? Date.now;
    this.clock = options.clock ?? (() => performance.now());
  }

  /** The page after `from`, as checkpoint mode would answer it; read ahead while a backlog lasts. */
  async page(from: string, take: number): Promise<Auth0Log[]> {
    if (this.segments.length > 0 && from === this.expected && take === this.take) {
      return this.fromSegments(from, take);
    }
    this.drop();
    return this.sequential(from, take);
  }

  /** Stops reading ahead; requests in flight finish and are dropped. */
  close(): void {
    this.closed = true;
    this.drop();
  }

  private async sequential(from: string, take: number): Promise<Auth0Log[]> {
    const logs = await this.client.page(from, take, 0);
    this.handedAt = this.clock();
    const last = logs[logs.length - 1];
    if (
      !this.closed &&
      this.options.maxConcurrency > 1 &&
      last &&
      showsBacklog(logs, take, this.segmentLogs(take), this.now())
    ) {
      this.take = take;
      this.pace = msPerLog(logs) ?? this.pace;
      this.expected = last.log_id;
      this.misses = 0;
      this.resumeAt = 0;
      this.open(last.log_id, logTimestamp(last));
    }
    return logs;
  }

  private async fromSegments(from: string, take: number): Promise<Auth0Log[]> {
    await nextTurn();
    const askedAt = this.clock();
    // Whether this call woke a reader waiting for room: it asks for its page before the consumer works.
    let readerWoken = false;
    for (;;) {
      // The run is over: a page still asked for (checkpoint paging asks one ahead) is not read.
      if (this.closed) throw new Error('The segment reader is closed.');
      const head = this.segments[0];
      if (!head) return this.sequential(from, take);
      const logs = head.pages.shift();
      if (logs) {
        this.expected = logs[logs.length - 1]!.log_id;
        this.sizeReadAhead(askedAt);
        readerWoken = this.notify() || readerWoken;
        // A reader that waited for the room this page leaves asks for its next page before the
        // consumer works on this one.
        if (readerWoken) await nextTurn();
        return logs;
      }
      if (head.error !== undefined) {
        const { error } = head;
        this.drop();
        throw error;
      }
      if (head.done && head.end === undefined) {
        // The last segment reached the end: from here on, as a sequential reader.
        this.drop();
        return this.sequential(from, take);
      }
      if (head.done) {
        this.segments.shift();
        // The new head may read now, and so may a segment waiting for room.
        readerWoken = this.notify() || readerWoken;
        this.split();
        continue;
      }
      await this.changed();
      await nextTurn();
    }
  }

  /**
   * Grows or shrinks the pages the segments may hold, by the consumer's share of time spent waiting
   * for its pages, as a page is handed out. `askedAt` is when the page was asked for, taken on the
   * event loop's next turn: the consumer asks for a page as it takes the one before (checkpoint
   * paging asks one ahead) and works on that one in between. So its wait is from then to now, and its
   * work is from the page before until then: a consumer held up by a put asks late, and works long.
   */
  private sizeReadAhead(askedAt: number): void {
    const handedAt = this.clock();
    const wait = handedAt - askedAt;
    // The page before may be the sequential one that opened the plan.
    const work = Math.max(0, askedAt - (this.handedAt ?? askedAt));
    this.handedAt = handedAt;
    // Both averages start at 0 and move by the same weight, so the share is a weighted average of
    // the pages' own shares from the first page on.
    this.waiting += AVERAGE_WEIGHT * (wait - this.waiting);
    this.working += AVERAGE_WEIGHT * (work - this.working);
    const share = this.waiting / Math.max(Number.EPSILON, this.waiting + this.working);
    if (share >= GROW_AT_WAIT_SHARE) this.allowance = this.allowed + this.readers;
    else if (share < SHRINK_BELOW_WAIT_SHARE) this.allowance = this.allowed - 1;
  }

  /** Pages all segments may hold now: from the least the read-ahead shrinks to up to its bound. */
  private get allowed(): number {
    return Math.min(this.readAhead, Math.max(this.minReadAheadPages, this.allowance));
  }

  /** Segments read at once at most: `max-concurrency`, or fewer while the rate budget allows fewer. */
  private get readers(): number {
    return Math.min(this.options.maxConcurrency, this.client.concurrency);
  }

  /**
   * Pages all segments may hold. Once the rate limit has held a request back, a boundary search
   * costs a page's worth of the bucket: the read-ahead doubles, so that segments are planned twice as
   * long and one search serves twice as many pages.
   */
  private get readAhead(): number {
    return this.client.rateLimited ? 2 * this.readAheadPages : this.readAheadPages;
  }

  /** Logs a segment is planned for: a window, or an equal share of the read-ahead, two pages at least. */
  private segmentLogs(take: number): number {
    const pages = Math.min(
      this.windowPages,
      Math.floor(this.readAhead / Math.max(1, this.readers)),
    );
    return Math.max(2, pages) * take;
  }

  /** Starts a segment after `start`, the new last one, and its reader. */
  private open(start: string, startDate: number): Segment {
    const segment: Segment = {
      rank: this.stats.segments + 1,
      start,
      cursor: start,
      cursorDate: startDate,
      pages: [],
      reading: false,
      read: 0,
      done: false,
      dropped: new AbortController(),
    };
    this.segments.push(segment);
    this.stats.segments += 1;
    void this.read(segment);
    this.split();
    return segment;
  }

  private async read(segment: Segment): Promise<void> {
    while (!this.closed && !segment.done && this.segments.includes(segment)) {
      if (segment.pages.length >= this.windowPages || !this.hasRoom(segment)) {
        await this.changed();
        continue;
      }
      let logs: Auth0Log[];
      const endWhenAsked = segment.end;
      segment.reading = true;
      try {
        logs = await this.client.page(
          segment.cursor,
          this.take,
          segment.rank,
          segment.dropped.signal,
        );
      } catch (error) {
        // Kept for the consumer, who meets it only after every page before it.
        segment.error = error;
        segment.done = true;
        segment.reading = false;
        this.notify();
        return;
      }
      segment.reading = false;
      if (!this.segments.includes(segment)) return;
      // The end may have been set while the request was in flight: trim to it now.
      const { kept, complete } = trimToSegment(
        logs,
        segment.end,
        this.take,
        endWhenAsked !== undefined,
      );
      const last = kept[kept.length - 1];
      if (last) {
        segment.pages.push(kept);
        segment.cursor = last.log_id;
        const date = logTimestamp(last);
        if (!Number.isNaN(date)) segment.cursorDate = date;
        segment.read += kept.length;
        const pace = msPerLog(kept);
        if (pace !== undefined) this.pace = 0.8 * this.pace + 0.2 * pace;
      }
      if (complete) segment.done = true;
      this.notify();
      this.split();
    }
  }

  /**
   * Ends the last segment at a boundary found by search and opens a new last segment after it, while
   * no more segments are being read than requests may be in flight and the read-ahead has room.
   */
  private split(): void {
    const last = this.segments[this.segments.length - 1];
    if (this.searching || this.closed || !last || last.done) return;
    // One segment more than requests may be in flight: a reader that finishes its segment finds the
    // next one planned rather than waiting for a search, and the budget keeps every slot busy.
    const reading = this.segments.filter((segment) => !segment.done).length;
    if (reading > this.readers || !this.hasRoom()) return;
    if (this.misses >= MAX_MISSES && last.read < this.resumeAt) return;
    if (this.misses >= MAX_MISSES) this.misses = 0;
    const logs = segmentSize({
      segmentLogs: this.segmentLogs(this.take),
      take: this.take,
      readers: this.readers,
      fromDate: last.cursorDate,
      pace: this.pace,
      now: this.now(),
    });
    const date = boundaryDate(last.cursorDate, this.pace, logs, this.misses, this.now());
    if (!date) return;
    this.searching = true;
    this.stats.searches += 1;
    /**
     * Whether the answer still serves: no longer once closed, or once the plan it was for is gone
     * (the plan read now then looks for its own boundary).
     */
    const current = (): boolean => {
      this.searching = false;
      if (this.closed) return false;
      if (this.segments[this.segments.length - 1] === last) return true;
      this.split();
      return false;
    };
    // After the head's next page, before the pages of the segments behind it.
    this.client.firstAtOrAfter(date, this.segments[0]!.rank + 0.5, last.dropped.signal).then(
      (found) => {
        if (!current()) return;
        if (!acceptsBoundary(found, last)) {
          this.misses += 1;
          if (this.misses >= MAX_MISSES) this.resumeAt = last.read + this.segmentLogs(this.take);
          this.split();
          return;
        }
        this.misses = 0;
        last.end = found!.log_id;
        const date = logTimestamp(found!);
        this.open(found!.log_id, Number.isNaN(date) ? last.cursorDate : date);
        this.notify();
      },
      () => {
        if (!current()) return;
        // The index is only a hint: without it, the last segment reads on to the end.
        this.misses = MAX_MISSES;
        this.resumeAt = Infinity;
      },
    );
  }

  /**
   * Whether `segment` (or a new segment) may read a page: the pages all segments hold, a request in
   * flight counted as a page and every segment as one page at least, stay within what is allowed now.
   * The head, which the consumer is taking pages from, reads one page ahead of it, as the sequential
   * reader does, and that room is always there (within the read-ahead); the rest of the room is for
   * the segments behind it, which are what make reading faster than one request at a time.
   */
  private hasRoom(segment?: Segment): boolean {
    let held = 0;
    for (const open of this.segments) {
      held += Math.max(1, open.pages.length + (open.reading ? 1 : 0));
    }
    const isHead = segment !== undefined && segment === this.segments[0];
    if (isHead)
      return segment.pages.length === 0 || (segment.pages.length === 1 && held < this.readAhead);
    return held < this.allowed - 1;
  }

  private drop(): void {
    // Requests the budget has not yet let out are not sent: nobody would read their answers.
    for (const segment of this.segments) segment.dropped.abort();
    this.segments = [];
    this.expected = undefined;
    this.notify();
  }

  private changed(): Promise<void> {
    return new Promise((resolve) => this.wake.push(resolve));
  }

  /** Wakes whoever waits for a change; whether anyone did. */
  private notify(): boolean {
    const waiting = this.wake;
    this.wake = [];
    for (const resolve of waiting) resolve();
    return waiting.length > 0;
  }
}
