/**
 * The export's share of the tenant's Management API rate limit. Auth0 meters every client of a
 * tenant against one token bucket and reports it on each answer: x-ratelimit-limit (the bucket),
 * x-ratelimit-remaining (what is left) and x-ratelimit-reset (the UNIX second by which requests are
 * added back). The export is a background client: it never takes the last `reserve` requests of the
 * bucket, so the tenant's own software (sign-up hooks, admin tools) keeps them, and it backs off
 * harder when Auth0 answers 429 anyway.
 */
import { ActionError } from '../errors.js';
import { sleep as defaultSleep, type Sleep } from '../retry.js';

/** A request given up before it was sent: the reading it was for is no longer wanted. */
export class RequestWithdrawn extends ActionError {
  override name = 'RequestWithdrawn';
  constructor() {
    super(
      'The request was withdrawn before it was sent: the reading it was for is no longer wanted.',
    );
  }
}

/** A part of the bucket the export leaves to the tenant's other clients. */
export type RateLimitReserve = { percent: number } | { count: number };

/** One wait for the bucket is capped, in case a reset header is far off. */
const MAX_WAIT_MS = 60_000;
/** How soon a refill follows an answer whose reset is already past (or that gave none). */
const REFILL_MS = 1_000;
/** After a 429 the wait runs a little past the reset, so that the bucket has refilled by then. */
const RATE_LIMITED_JITTER_MS = 250;

export interface RateBudgetOptions {
  /** The most requests in flight at once (`max-concurrency`). */
  maxConcurrency: number;
  reserve: RateLimitReserve;
  now?: () => number;
  sleep?: Sleep;
  random?: () => number;
  signal?: AbortSignal;
  log?: (message: string) => void;
}

export interface RateBudgetStats {
  /** The most requests that were in flight at once. */
  peakConcurrency: number;
  /** Requests held back by the bucket (at the reserve, or after a 429), and the time they waited. */
  waits: number;
  waitMs: number;
  /** Answers 429 (Auth0's own limit reached all the same). */
  rateLimited: number;
}

/** What a request's answer said about the bucket. */
export interface Answer {
  headers?: Headers;
  rateLimited?: boolean;
}

interface Ticket {
  priority: number;
  order: number;
}

/** The reserve in requests for a bucket of `limit`: a percentage rounds up, so it is never less. */
export function reserveFor(reserve: RateLimitReserve, limit: number): number {
  return 'percent' in reserve ? Math.ceil((limit * reserve.percent) / 100) : reserve.count;
}

/**
 * Admits Auth0 requests one at a time, in priority order: at most the current concurrency in
 * flight, and only while the last seen remaining, less the requests in flight, stays above the
 * reserve. Below it, the budget waits for an answer still in flight (fresher headers) or, with none,
 * until the reset the headers announce, and then lets one request through to read the bucket again,
 * so that even a bucket no larger than the reserve (a free tenant's 2) keeps making progress.
 * A 429 waits until its reset and halves the concurrency, which grows back by one after each run of
 * as many answers without one.
 */
export class RateBudget {
  readonly stats: RateBudgetStats = { peakConcurrency: 0, waits: 0, waitMs: 0, rateLimited: 0 };
  private inFlight = 0;
  private allowed: number;
  private successes = 0;
  private limit?: number;
  private remaining?: number;
  private resetAt = 0;
  private blockedUntil = 0;
  private toldReserve = false;
  /** Requests admitted so far; each is known by its number. */
  private admitted = 0;
  /**
   * The request whose answer the bucket's figures are from. Answers can be read out of the order
   * they were served in (a large page after a small search answer): one from a request sent
   * before it is older news, and does not overwrite them.
   */
  private figuresFrom = 0;
  /** Requests admitted up to the last 429: they were all sent into the bucket it reported empty. */
  private limitedUpTo = 0;
  private readonly queue: Ticket[] = [];
  /** Aborted by close(); waits end on it as on the run's own signal. */
  private readonly closing = new AbortController();
  private readonly signal: AbortSignal;
  private order = 0;
  private wake: (() => void)[] = [];
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly log: (message: string) => void;

  constructor(private readonly options: RateBudgetOptions) {
    this.allowed = options.maxConcurrency;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.log = options.log ?? (() => undefined);
    this.signal = options.signal
      ? AbortSignal.any([options.signal, this.closing.signal])
      : this.closing.signal;
    this.signal.addEventListener('abort', () => this.notify(), { once: true });
  }

  /** The run is over: no request waiting for its turn, or asking for one later, is admitted. */
  close(): void {
    this.closing.abort();
  }

  /** Throws once close() has been called: for a request admitted just before it. */
  throwIfClosed(): void {
    if (this.closing.signal.aborted) {
      throw new ActionError('The export has stopped reading from Auth0.');
    }
  }

  /** Requests allowed in flight now: `max-concurrency`, halved after a 429 and grown back. */
  get concurrency(): number {
    return this.allowed;
  }

  /**
   * Waits until a request may go out; lower priorities go first. Pair with release(), giving it
   * the number this returns. Once `withdraw` aborts, the request is not admitted: this throws
   * RequestWithdrawn (a request already admitted is not affected).
   */
  async acquire(priority = 0, withdraw?: AbortSignal): Promise<number> {
    const ticket: Ticket = { priority, order: this.order++ };
    this.queue.push(ticket);
    this.queue.sort((a, b) => a.priority - b.priority || a.order - b.order);
    const onWithdraw = (): void => this.notify();
    withdraw?.addEventListener('abort', onWithdraw, { once: true });
    /** When the bucket, not the concurrency, started holding this request back. */
    let heldSince: number | undefined;
    try {
      for (;;) {
        if (this.options.signal?.aborted) throw new ActionError('The run was cancelled.');
        this.throwIfClosed();
        if (withdraw?.aborted) throw new RequestWithdrawn();
        if (this.queue[0] !== ticket) {
          await this.changed();
          continue;
        }
        const admission = this.admission();
        if (admission === 'go') {
          if (heldSince !== undefined) {
            this.stats.waits += 1;
            this.stats.waitMs += this.now() - heldSince;
          }
          this.inFlight += 1;
          this.stats.peakConcurrency = Math.max(this.stats.peakConcurrency, this.inFlight);
          this.admitted += 1;
          return this.admitted;
        }
        if (admission !== 'full') {
          heldSince ??= this.now();
        }
        if (admission === 'full' || admission === 'answer') {
          await this.changed();
          continue;
        }
        // A request withdrawn during this wait leaves at once, and the next in the queue waits in
        // its place.
        await this.sleep(
          Math.min(admission.until - this.now(), MAX_WAIT_MS),
          withdraw ? AbortSignal.any([this.signal, withdraw]) : this.signal,
        );
      }
    } finally {
      withdraw?.removeEventListener('abort', onWithdraw);
      this.queue.splice(this.queue.indexOf(ticket), 1);
      this.notify();
    }
  }

  /**
   * Ends request number `admission` (from acquire(); the latest by default), with what its answer
   * said about the bucket.
   */
  release(answer: Answer = {}, admission = this.admitted): void {
    this.inFlight -= 1;
    // An answer without the bucket's figures (a dropped connection, a timeout) tells nothing of it.
    if (admission >= this.figuresFrom && answer.headers?.has('x-ratelimit-remaining')) {
      this.figuresFrom = admission;
      this.note(answer.headers);
    }
    if (answer.rateLimited) {
      this.stats.rateLimited += 1;
      this.remaining = 0;
      // Requests sent before the last halving met the same empty bucket: one halving for them all.
      if (admission > this.limitedUpTo) {
        this.allowed = Math.max(1, Math.floor(this.allowed / 2));
        this.limitedUpTo = this.admitted;
      }
      this.successes = 0;
      const reset = this.resetAt > this.now() ? this.resetAt : this.now() + REFILL_MS;
      this.blockedUntil = Math.max(
        this.blockedUntil,
        reset + Math.round(this.random() * RATE_LIMITED_JITTER_MS),
      );
      this.log(
        `Auth0 rate limit (HTTP 429): waiting ${((this.blockedUntil - this.now()) / 1000).toFixed(1)} s until the reset, with ${this.allowed} request${this.allowed === 1 ? '' : 's'} in flight at most`,
      );
    } else if (answer.headers && admission > this.limitedUpTo) {
      // Only answers to requests sent since the last 429 show that the bucket holds again.
      this.successes += 1;
      if (this.allowed < this.options.maxConcurrency && this.successes >= this.allowed) {
        this.allowed += 1;
        this.successes = 0;
      }
    }
    this.notify();
  }

  private note(headers: Headers | undefined): void {
    if (!headers) return;
    const limit = Number(headers.get('x-ratelimit-limit') ?? NaN);
    const remaining = Number(headers.get('x-ratelimit-remaining') ?? NaN);
    const reset = Number(headers.get('x-ratelimit-reset') ?? NaN);
    if (Number.isFinite(limit) && limit > 0) this.limit = limit;
    if (Number.isFinite(remaining) && remaining >= 0) this.remaining = remaining;
    if (Number.isFinite(reset) && reset > 0) {
      const now = this.now();
      // A reset already past (this runner's clock ahead of Auth0's, or an answer read late) says
      // only that the next refill is near: Auth0 adds to the bucket every second. Taken as now, it
      // would send a request at the reserve after every answer.
      this.resetAt =
        reset * 1_000 > now ? Math.min(reset * 1_000, now + MAX_WAIT_MS) : now + REFILL_MS;
    }
  }

  /**
   * 'go'; 'full': as many requests in flight as allowed; 'answer': at the reserve, an answer in
   * flight will tell more; or wait until a time (a 429's reset, or the refill the headers announce).
   */
  private admission(): 'go' | 'full' | 'answer' | { until: number } {
    const now = this.now();
    if (this.inFlight >= this.allowed) return 'full';
    if (now < this.blockedUntil) return { until: this.blockedUntil };
    // Nothing known of the bucket yet: one request reads it.
    if (this.limit === undefined || this.remaining === undefined) {
      return this.inFlight === 0 ? 'go' : 'full';
    }
    const reserve = reserveFor(this.options.reserve, this.limit);
    if (this.remaining - this.inFlight > reserve) return 'go';
    if (this.inFlight > 0) return 'answer';
    if (this.resetAt > now) {
      if (!this.toldReserve) {
        this.toldReserve = true;
        this.log(
          `Auth0 rate limit: ${this.remaining} of ${this.limit} requests left, keeping ${reserve} for the tenant's other clients; waiting for the refill (reported once)`,
        );
      }
      return { until: this.resetAt };
    }
    // The announced refill has come: one request reads the bucket again.
    this.remaining = reserve + 1;
    return 'go';
  }

  private changed(): Promise<void> {
    return new Promise((resolve) => {
      if (this.options.signal?.aborted) resolve();
      else this.wake.push(resolve);
    });
  }

  private notify(): void {
    const waiting = this.wake;
    this.wake = [];
    for (const resolve of waiting) resolve();
  }
}
