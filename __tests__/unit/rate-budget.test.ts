/**
 * The rate-limit budget against a simulated tenant bucket on fake timers: minutes of traffic in
 * milliseconds, every answer carrying Auth0's x-ratelimit-* headers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  RateBudget,
  RequestWithdrawn,
  reserveFor,
  type RateLimitReserve,
} from '../../src/auth0/rate-budget.js';

interface Simulation {
  sent: number;
  rateLimited: number;
  /** x-ratelimit-remaining of every answer the export got. */
  remaining: number[];
  /** The fewest requests the bucket held just after an export request, other clients' included. */
  lowest: number;
  otherRateLimited: number;
}

/**
 * Workers sending through the budget to a token bucket (Auth0's: burst `limit`, `refill` a second,
 * shared with another client sending `otherPerSecond`), answering after `latencyMs`.
 */
/** An Enterprise production bucket (50, refilled at 16 a second), the default reserve, four readers, 150 ms. */
const ENTERPRISE = {
  limit: 50,
  refill: 16,
  reserve: { percent: 20 },
  maxConcurrency: 4,
  latencyMs: 150,
} as const;

async function simulate(options: {
  limit: number;
  refill: number;
  reserve: RateLimitReserve;
  maxConcurrency: number;
  latencyMs: number;
  seconds: number;
  otherPerSecond?: number;
  /** How far the runner's clock runs ahead of the tenant's. */
  clockAheadMs?: number;
}): Promise<Simulation & { budget: RateBudget }> {
  const { limit, refill, latencyMs } = options;
  let tokens = limit;
  let at = Date.now();
  const take = (): { ok: boolean; headers: Headers } => {
    const now = Date.now();
    tokens = Math.min(limit, tokens + ((now - at) / 1000) * refill);
    at = now;
    const ok = tokens >= 1;
    if (ok) tokens -= 1;
    const untilNext = tokens >= limit ? 0 : ((Math.floor(tokens) + 1 - tokens) / refill) * 1000;
    return {
      ok,
      headers: new Headers({
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(Math.floor(tokens)),
        'x-ratelimit-reset': String(
          Math.ceil((now + untilNext - (options.clockAheadMs ?? 0)) / 1000),
        ),
      }),
    };
  };
  const result: Simulation = {
    sent: 0,
    rateLimited: 0,
    remaining: [],
    lowest: Infinity,
    otherRateLimited: 0,
  };
  const budget = new RateBudget({
    maxConcurrency: options.maxConcurrency,
    reserve: options.reserve,
    random: () => 0.5,
  });
  const end = Date.now() + options.seconds * 1000;
  const worker = async (): Promise<void> => {
    while (Date.now() < end) {
      await budget.acquire();
      result.sent += 1;
      const answer = take();
      if (answer.ok) result.lowest = Math.min(result.lowest, Math.floor(tokens));
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      if (answer.ok) result.remaining.push(Number(answer.headers.get('x-ratelimit-remaining')));
      else result.rateLimited += 1;
      budget.release({ headers: answer.headers, rateLimited: !answer.ok });
    }
  };
  const other = options.otherPerSecond
    ? setInterval(() => {
        if (!take().ok) result.otherRateLimited += 1;
      }, 1000 / options.otherPerSecond)
    : undefined;
  const workers = Array.from({ length: options.maxConcurrency }, worker);
  await vi.advanceTimersByTimeAsync(options.seconds * 1000 + 120_000);
  clearInterval(other);
  await Promise.all(workers);
  return { ...result, budget };
}

/** Answer headers of a bucket of 50 that holds `remaining`, with its reset (UNIX seconds). */
function bucketOf50(remaining: number, reset: number | string): Headers {
  return new Headers({
    'x-ratelimit-limit': '50',
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(reset),
  });
}

/** Asks for `count` turns without waiting for them; the answer counts those admitted so far. */
function askFor(budget: RateBudget, count: number): () => number {
  let admitted = 0;
  for (let i = 0; i < count; i += 1) {
    // Refused once a test closes the budget.
    void budget.acquire().then(
      () => (admitted += 1),
      () => undefined,
    );
  }
  return () => admitted;
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-12-01T08:00:00.400Z') });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the rate-limit budget', () => {
  it('counts a percentage reserve up, so that it is never less than asked', () => {
    expect(reserveFor({ percent: 20 }, 50)).toBe(10);
    expect(reserveFor({ percent: 20 }, 2)).toBe(1);
    expect(reserveFor({ percent: 0 }, 50)).toBe(0);
    expect(reserveFor({ count: 5 }, 50)).toBe(5);
  });

  it('never takes the reserve of an Enterprise bucket, and leaves the other client its share', async () => {
    const run = await simulate({
      ...ENTERPRISE,
      seconds: 120,
      otherPerSecond: 4,
    });
    expect(run.rateLimited).toBe(0);
    expect(run.otherRateLimited).toBe(0);
    expect(Math.min(...run.remaining)).toBeGreaterThanOrEqual(9);
    // The other client takes 4 of the 16 a second; the export gets most of the 12 left.
    expect(run.sent / 120).toBeGreaterThan(11);
    expect(run.budget.stats.waits).toBeGreaterThan(0);
    expect(run.budget.stats.peakConcurrency).toBe(4);
  });

  it("keeps the reserve with the runner's clock ahead of Auth0's, when every reset looks past", async () => {
    for (const clockAheadMs of [250, 1_000]) {
      // Another client takes 14 of the 16 a second: the export lives on the refill's last 2.
      const run = await simulate({
        ...ENTERPRISE,
        seconds: 60,
        otherPerSecond: 14,
        clockAheadMs,
      });
      expect(run.otherRateLimited).toBe(0);
      expect(run.rateLimited).toBe(0);
      expect(run.lowest).toBeGreaterThanOrEqual(9);
      expect(run.sent).toBeGreaterThan(60);
    }
  });

  it('keeps a count as the reserve', async () => {
    const run = await simulate({
      limit: 50,
      refill: 16,
      reserve: { count: 30 },
      maxConcurrency: 8,
      latencyMs: 50,
      seconds: 30,
    });
    expect(run.rateLimited).toBe(0);
    expect(Math.min(...run.remaining)).toBeGreaterThanOrEqual(30);
  });

  it('still makes progress on a free tenant (bucket 2, 2/s) and on Essentials (10, 100/min)', async () => {
    const free = await simulate({
      limit: 2,
      refill: 2,
      reserve: { percent: 20 },
      maxConcurrency: 4,
      latencyMs: 150,
      seconds: 60,
    });
    expect(free.rateLimited).toBe(0);
    expect(free.sent).toBeGreaterThan(40);
    expect(Math.min(...free.remaining)).toBeGreaterThanOrEqual(1);

    const essentials = await simulate({
      limit: 10,
      refill: 100 / 60,
      reserve: { percent: 20 },
      maxConcurrency: 4,
      latencyMs: 150,
      seconds: 120,
    });
    expect(essentials.rateLimited).toBe(0);
    expect(essentials.sent).toBeGreaterThan(150);
  });

  it('waits until the reset after a 429, halves the concurrency, and grows it back one step at a time', async () => {
    const budget = new RateBudget({ maxConcurrency: 8, reserve: { count: 0 }, random: () => 0 });
    const reset = Math.ceil(Date.now() / 1000) + 2;
    const limited = bucketOf50(0, reset);
    const plenty = bucketOf50(40, reset);
    await budget.acquire();
    budget.release({ headers: limited, rateLimited: true });
    expect(budget.concurrency).toBe(4);
    let admitted = false;
    const next = budget.acquire().then(() => (admitted = true));
    await vi.advanceTimersByTimeAsync(reset * 1000 - Date.now() - 10);
    expect(admitted).toBe(false);
    await vi.advanceTimersByTimeAsync(20);
    await next;
    expect(admitted).toBe(true);
    expect(budget.stats.waits).toBe(1);
    expect(budget.stats.rateLimited).toBe(1);
    budget.release({ headers: plenty });
    const sizes: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      await budget.acquire();
      budget.release({ headers: plenty });
      sizes.push(budget.concurrency);
    }
    expect(sizes.slice(0, 4)).toEqual([4, 4, 5, 5]);
    expect(sizes[sizes.length - 1]).toBe(8);
  });

  it('admits no request after close(), neither one waiting for its turn nor one asking later', async () => {
    const budget = new RateBudget({ maxConcurrency: 4, reserve: { count: 10 } });
    const reset = Math.ceil(Date.now() / 1000) + 30;
    await budget.acquire();
    // At the reserve with nothing in flight: the next request waits for the announced refill.
    budget.release({ headers: bucketOf50(10, reset) });
    const waiting = budget.acquire().then(
      () => 'admitted',
      (error: unknown) => String(error),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    budget.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await waiting).toContain('stopped reading');
    await expect(budget.acquire()).rejects.toThrow('stopped reading');
  });

  it('keeps the reserve when answers are read out of the order they were served in', async () => {
    vi.useRealTimers();
    const budget = new RateBudget({ maxConcurrency: 4, reserve: { count: 10 } });
    // The tenant's bucket, with no refill within the test (well under a second).
    let tokens = 50;
    let lowest = Infinity;
    const reset = String(Math.ceil(Date.now() / 1000) + 5);
    const answers: (() => void)[] = [];
    const worker = async (): Promise<void> => {
      for (;;) {
        const admission = await budget.acquire();
        // Served in the order sent: each takes a token and reports the bucket after it.
        tokens -= 1;
        lowest = Math.min(lowest, tokens);
        const headers = bucketOf50(tokens, reset);
        await new Promise<void>((resolve) =>
          answers.push(() => {
            budget.release({ headers }, admission);
            resolve();
          }),
        );
      }
    };
    // Once the budget is closed, the workers' next acquire() is refused: that ends them.
    for (let i = 0; i < 4; i += 1) void worker().catch(() => undefined);
    for (let round = 0; round < 30; round += 1) {
      for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
      if (answers.length === 0) break;
      // Each round's answers are read last served first, as a large page still downloading
      // behind a small one.
      for (const answer of answers.splice(0).reverse()) answer();
    }
    budget.close();
    expect(lowest).toBe(10);
  });

  it('takes no figures from an answer without them, such as a dropped connection', async () => {
    const budget = new RateBudget({ maxConcurrency: 4, reserve: { count: 10 } });
    const reset = Math.ceil(Date.now() / 1000) + 5;
    const bucket = (remaining: number) => bucketOf50(remaining, reset);
    budget.release({ headers: bucket(20) }, await budget.acquire());
    const sent: number[] = [];
    for (let i = 0; i < 4; i += 1) sent.push(await budget.acquire());
    // The newest fails without an answer; the three before it report the bucket near the reserve.
    budget.release({}, sent[3]);
    for (let i = 0; i < 3; i += 1) budget.release({ headers: bucket(11) }, sent[i]);
    const admitted = askFor(budget, 4);
    await vi.advanceTimersByTimeAsync(0);
    expect(admitted()).toBe(1);
    budget.close();
  });

  it('takes the 429 of one request, and the answers sent before it, as one empty bucket', async () => {
    const budget = new RateBudget({ maxConcurrency: 8, reserve: { count: 10 }, random: () => 0 });
    const reset = Math.ceil(Date.now() / 1000) + 1;
    const bucket = (remaining: number) => bucketOf50(remaining, reset);
    budget.release({ headers: bucket(40) }, await budget.acquire());
    const sent: number[] = [];
    for (let i = 0; i < 8; i += 1) sent.push(await budget.acquire());
    // Served in order, the first seven while the bucket held (another client then emptied it),
    // the eighth refused; its small answer is read first, then two more 429s and five pages.
    budget.release({ headers: bucket(0), rateLimited: true }, sent[7]);
    budget.release({ headers: bucket(0), rateLimited: true }, sent[6]);
    budget.release({ headers: bucket(0), rateLimited: true }, sent[5]);
    for (let i = 0; i < 5; i += 1) budget.release({ headers: bucket(33 - i) }, sent[i]);
    // Halved once, and not grown back by answers that say nothing of the bucket since.
    expect(budget.concurrency).toBe(4);
    const admitted = askFor(budget, 8);
    await vi.advanceTimersByTimeAsync(2_000);
    // After the reset, one request reads the bucket again, rather than a burst into it.
    expect(admitted()).toBe(1);
    budget.close();
  });

  it('admits lower priorities first', async () => {
    const budget = new RateBudget({ maxConcurrency: 1, reserve: { count: 0 } });
    await budget.acquire();
    const order: string[] = [];
    const far = budget.acquire(3).then(() => order.push('far'));
    const head = budget.acquire(0).then(() => order.push('head'));
    budget.release({ headers: bucketOf50(40, 1) });
    await head;
    budget.release({});
    await far;
    expect(order).toEqual(['head', 'far']);
  });

  it('never admits a request withdrawn while it waits for its turn, and admits the next one', async () => {
    const budget = new RateBudget({ maxConcurrency: 1, reserve: { count: 0 } });
    await budget.acquire();
    const withdraw = new AbortController();
    const order: string[] = [];
    const dropped = budget.acquire(1, withdraw.signal).then(
      () => order.push('dropped'),
      (error: unknown) =>
        order.push(error instanceof RequestWithdrawn ? 'withdrawn' : String(error)),
    );
    const next = budget.acquire(2).then(() => order.push('next'));
    withdraw.abort();
    await dropped;
    budget.release({ headers: bucketOf50(40, 1) });
    await next;
    expect(order).toEqual(['withdrawn', 'next']);
    expect(budget.stats.peakConcurrency).toBe(1);
    // Once admitted, a request is not withdrawn: it is the caller's to release.
    const late = new AbortController();
    budget.release({});
    const admitted = await budget.acquire(0, late.signal);
    late.abort();
    expect(admitted).toBeGreaterThan(0);
  });

  it('lets a request withdrawn while it waits for the refill leave at once', async () => {
    const sleeps: AbortSignal[] = [];
    const now = Date.parse('2026-12-01T08:00:00Z');
    const budget = new RateBudget({
      maxConcurrency: 2,
      reserve: { count: 10 },
      now: () => now,
      // A refill that never comes: only an abort ends the wait.
      sleep: (_ms, signal) =>
        new Promise((resolve) => {
          sleeps.push(signal!);
          signal!.addEventListener('abort', () => resolve(), { once: true });
        }),
    });
    await budget.acquire();
    budget.release({ headers: bucketOf50(10, now / 1000 + 5) });
    const withdraw = new AbortController();
    const dropped = budget.acquire(1, withdraw.signal).catch((error: unknown) => error);
    const next = budget.acquire(2);
    next.catch(() => undefined);
    await vi.waitFor(() => expect(sleeps).toHaveLength(1));
    withdraw.abort();
    expect(await dropped).toBeInstanceOf(RequestWithdrawn);
    // The next request now waits for the refill in its place.
    await vi.waitFor(() => expect(sleeps).toHaveLength(2));
    expect(sleeps[1]!.aborted).toBe(false);
    budget.close();
    await expect(next).rejects.toThrow('stopped reading');
  });

  it('stops waiting when the run is cancelled', async () => {
    const cancel = new AbortController();
    const budget = new RateBudget({
      maxConcurrency: 1,
      reserve: { count: 0 },
      signal: cancel.signal,
    });
    await budget.acquire();
    const waiting = budget.acquire().catch((error: unknown) => error);
    cancel.abort();
    expect(String(await waiting)).toContain('cancelled');
  });
});
