/**
 * The segment reader on its own, against an in-memory tenant whose search index is hostile: the
 * pages it hands out tile the log_id range with no hole and no overlap, whatever the index answers.
 */
import { describe, expect, it } from 'vitest';
import {
  MIN_READ_AHEAD_PAGES,
  READ_AHEAD_PAGES,
  SegmentReader,
  boundaryDate,
  segmentSize,
  showsBacklog,
  trimToSegment,
  type SegmentClient,
  type SegmentReaderOptions,
} from '../../src/auth0/segments.js';
import { compareLogIds, type Auth0Log } from '../../src/logs/log.js';
import { seededRandom } from '../emulators/loopback.js';

const NOW = Date.parse('2026-12-01T08:00:00Z');

/**
 * The read-ahead held at its bound rather than sized to the consumer: for the tests of how segments
 * are planned and read, whose consumer takes no time on any clock.
 */
const FIXED_READ_AHEAD = { minReadAheadPages: Infinity };

function logId(n: number): string {
  return `900${String(n).padStart(53, '0')}`;
}

/** `count` logs, one every `spacingMs`, ending `endsAgoMs` before NOW; dates jittered when asked. */
function tenantLogs(options: {
  count: number;
  spacingMs: number;
  endsAgoMs?: number;
  jitterMs?: number;
  random?: () => number;
}): Auth0Log[] {
  const { count, spacingMs, endsAgoMs = 0, jitterMs = 0, random = Math.random } = options;
  const first = NOW - endsAgoMs - count * spacingMs;
  return Array.from({ length: count }, (_, n) => ({
    log_id: logId(n + 1),
    date: new Date(first + n * spacingMs - Math.floor(random() * jitterMs)).toISOString(),
    type: 's',
  }));
}

interface FakeTenant extends SegmentClient {
  requests: { kind: 'page' | 'search'; from?: string }[];
  /**
   * A clock for the reader (ms): a page is answered `latencyMs` after it was asked for, requests in
   * flight together overlapping, and a test adds the consumer's work. With no latency, waiting for a
   * page takes no time at all.
   */
  clock: { ms: number; latencyMs: number };
}

/** Checkpoint mode over `logs`; search mode answering whatever `search` says, possibly nonsense. */
function fakeTenant(
  logs: Auth0Log[],
  search: (date: Date) => Auth0Log | undefined,
  options: {
    concurrency?: number;
    rateLimited?: boolean;
    fail?: (from: string) => boolean;
    /** Promise steps before a page request goes out, as through the rate budget and the SDK. */
    steps?: number;
  } = {},
): FakeTenant {
  const requests: FakeTenant['requests'] = [];
  const clock = { ms: 0, latencyMs: 0 };
  const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  return {
    requests,
    clock,
    concurrency: options.concurrency ?? 4,
    rateLimited: options.rateLimited ?? false,
    async page(from, take) {
      for (let step = 0; step < (options.steps ?? 0); step += 1) await Promise.resolve();
      requests.push({ kind: 'page', from });
      const answeredAt = clock.ms + clock.latencyMs;
      // A page that takes time takes turns of the event loop too: more than the consumer takes
      // between asking for a page and waiting for it, so that the wait is the consumer's.
      for (let turn = 0; turn < (clock.latencyMs > 0 ? 20 : 1); turn += 1) await tick();
      clock.ms = Math.max(clock.ms, answeredAt);
      if (options.fail?.(from)) throw new Error(`page after ${from} failed`);
      let low = 0;
      let high = logs.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (compareLogIds(logs[middle]!.log_id, from) > 0) high = middle;
        else low = middle + 1;
      }
      return logs.slice(low, low + take);
    },
    async firstAtOrAfter(date) {
      requests.push({ kind: 'search' });
      await tick();
      return search(date);
    },
  };
}

/**
 * A reader with the read-ahead sized on the tenant's clock, `max-concurrency` as the tenant's
 * concurrency, for the tests of how far it reads ahead.
 */
function readerOnTenantClock(
  tenant: FakeTenant,
  options: Partial<SegmentReaderOptions> = {},
): SegmentReader {
  return new SegmentReader(tenant, {
    maxConcurrency: tenant.concurrency,
    now: () => NOW,
    clock: () => tenant.clock.ms,
    ...options,
  });
}

/** Turns of the event loop for the readers to do all they may. */
async function settleReaders(turns = 1_000): Promise<void> {
  for (let i = 0; i < turns; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * A consumer of `reader` from the tenant's first log, keeping its place. `take` takes `count`
 * pages, `workMs` of the tenant's clock on each, lets the readers do all they may, and returns the
 * pages they have asked for beyond those taken. With a latency and no work the consumer only waits
 * (Auth0 is the bottleneck); with work and no latency it never does (the puts are).
 */
function consumer(reader: SegmentReader, tenant: FakeTenant) {
  let cursor = logId(0);
  let taken = 0;
  return {
    get cursor(): string {
      return cursor;
    },
    get taken(): number {
      return taken;
    },
    async take(count: number, workMs = 0): Promise<number> {
      for (let i = 0; i < count; i += 1) {
        const page = await reader.page(cursor, 100);
        cursor = page[page.length - 1]!.log_id;
        tenant.clock.ms += workMs;
      }
      taken += count;
      await settleReaders();
      return tenant.requests.filter((r) => r.kind === 'page').length - taken;
    },
  };
}

/** Reads everything after `from` as the pipeline does: page after page, each after the last. */
async function readAll(reader: SegmentReader, from: string, take: number): Promise<Auth0Log[]> {
  const all: Auth0Log[] = [];
  let cursor = from;
  for (;;) {
    const page = await reader.page(cursor, take);
    if (page.length === 0) return all;
    all.push(...page);
    cursor = page[page.length - 1]!.log_id;
  }
}

describe('planning segments', () => {
  it('trims a page to the segment end and says when the segment is complete', () => {
    const logs = tenantLogs({ count: 10, spacingMs: 1_000 });
    expect(trimToSegment(logs, undefined, 10)).toEqual({ kept: logs, complete: false });
    expect(trimToSegment(logs.slice(0, 4), undefined, 10).complete).toBe(true);
    const cut = trimToSegment(logs, logs[5]!.log_id, 10);
    expect(cut.kept).toEqual(logs.slice(0, 6));
    expect(cut.complete).toBe(true);
    expect(trimToSegment(logs.slice(0, 6), logs[5]!.log_id, 6).complete).toBe(true);
    expect(trimToSegment(logs.slice(0, 5), logs[7]!.log_id, 5).complete).toBe(false);
    // A short page: complete if the end was known when it was asked for, not if it was found since.
    expect(trimToSegment(logs.slice(0, 3), logs[7]!.log_id, 5).complete).toBe(true);
    expect(trimToSegment(logs.slice(0, 3), logs[7]!.log_id, 5, false).complete).toBe(false);
    expect(trimToSegment(logs.slice(0, 8), logs[7]!.log_id, 10, false).complete).toBe(true);
  });

  it('sees a backlog only in a full page whose pace leaves more than two segments to now', () => {
    const recent = tenantLogs({ count: 100, spacingMs: 1_000, endsAgoMs: 60_000 });
    expect(showsBacklog(recent, 100, 1_600, NOW)).toBe(false);
    const old = tenantLogs({ count: 100, spacingMs: 1_000, endsAgoMs: 86_400_000 });
    expect(showsBacklog(old, 100, 1_600, NOW)).toBe(true);
    expect(showsBacklog(old.slice(0, 99), 100, 1_600, NOW)).toBe(false);
  });

  it('looks for a boundary further on after each refusal, and never at or past now', () => {
    expect(boundaryDate(NOW - 3_600_000, 1_000, 1_600, 0, NOW)).toEqual(new Date(NOW - 2_000_000));
    expect(boundaryDate(NOW - 3_600_000, 1_000, 1_600, 1, NOW)).toEqual(new Date(NOW - 400_000));
    expect(boundaryDate(NOW - 3_600_000, 1_000, 1_600, 2, NOW)).toBeUndefined();
  });

  it('plans full segments while the backlog lasts, and shares the last logs among the readers', () => {
    const size = (logsLeft: number) =>
      segmentSize({
        segmentLogs: 2_400,
        take: 100,
        readers: 4,
        fromDate: NOW - logsLeft * 1_000,
        pace: 1_000,
        now: NOW,
      });
    expect(size(100_000)).toBe(2_400);
    expect(size(4_000)).toBe(1_000);
    expect(size(300)).toBe(200);
  });
});

/**
 * A plan whose first boundary search hangs, then dropped: the consumer asks for the page after the
 * log at `restartIndex`, and a new plan opens there. `hung.settle` ends the hanging search with what
 * `answer` returns (or throws) for its date; `page` is the consumer's page at the restart.
 */
async function dropPlanWhileSearching(restartIndex: number) {
  const logs = tenantLogs({ count: 20_000, spacingMs: 1_000, endsAgoMs: 86_400_000 });
  const byDate = (date: Date) => logs.find((log) => Date.parse(log.date) >= date.getTime());
  const tenant = fakeTenant(logs, byDate);
  let settle: ((answer: (date: Date) => Auth0Log | undefined) => void) | undefined;
  const client: SegmentClient = {
    ...tenant,
    firstAtOrAfter(date, priority) {
      if (settle) return tenant.firstAtOrAfter(date, priority);
      return new Promise((resolve, reject) => {
        settle = (answer) => {
          try {
            resolve(answer(date));
          } catch (error) {
            reject(error);
          }
        };
      });
    },
  };
  const reader = new SegmentReader(client, {
    maxConcurrency: 4,
    now: () => NOW,
    ...FIXED_READ_AHEAD,
  });
  await reader.page(logId(0), 100);
  const restart = logs[restartIndex]!.log_id;
  const page = reader.page(restart, 100);
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
  return { logs, tenant, reader, restart, page, byDate, hung: { settle: settle! } };
}

describe('the segment reader', () => {
  it('makes no extra request for one page of news', async () => {
    const logs = tenantLogs({ count: 60, spacingMs: 10_000 });
    const tenant = fakeTenant(logs, () => logs[0]);
    const reader = new SegmentReader(tenant, {
      maxConcurrency: 4,
      now: () => NOW,
      ...FIXED_READ_AHEAD,
    });
    expect(await readAll(reader, logId(0), 100)).toEqual(logs);
    expect(tenant.requests).toEqual([
      { kind: 'page', from: logId(0) },
      { kind: 'page', from: logs[59]!.log_id },
    ]);
  });

  it('reads a backlog in segments, at most max-concurrency of them, and hands pages out in order', async () => {
    const logs = tenantLogs({ count: 20_000, spacingMs: 1_000 });
    const byDate = (date: Date) => logs.find((log) => Date.parse(log.date) >= date.getTime());
    const tenant = fakeTenant(logs, byDate);
    const reader = new SegmentReader(tenant, {
      maxConcurrency: 4,
      now: () => NOW,
      ...FIXED_READ_AHEAD,
    });
    const read = await readAll(reader, logId(0), 100);
    expect(read.map((log) => log.log_id)).toEqual(logs.map((log) => log.log_id));
    expect(reader.stats.segments).toBeGreaterThan(5);
    const pages = tenant.requests.filter((r) => r.kind === 'page').length;
    // Each segment ends with a page shorter than a full one; a few more pages than 200, not many.
    expect(pages).toBeLessThan(200 + 2 * reader.stats.segments + 2);
    expect(reader.stats.searches).toBeLessThan(reader.stats.segments + 4);
  });

  it('hands a page to the consumer only once its reader has asked for the next one', async () => {
    const logs = tenantLogs({ count: 20_000, spacingMs: 1_000 });
    const byDate = (date: Date) => logs.find((log) => Date.parse(log.date) >= date.getTime());
    const tenant = fakeTenant(logs, byDate, { steps: 8 });
    const reader = new SegmentReader(tenant, {
      maxConcurrency: 4,
      now: () => NOW,
      ...FIXED_READ_AHEAD,
    });
    // For each page handed out, the requests made by then.
    const handedOut: { last: string; requestsBefore: number }[] = [];
    let cursor = logId(0);
    for (;;) {
      const page = await reader.page(cursor, 100);
      if (page.length === 0) break;
      cursor = page[page.length - 1]!.log_id;
      handedOut.push({ last: cursor, requestsBefore: tenant.requests.length });
    }
    expect(reader.stats.segments).toBeGreaterThan(5);
    // Wherever a segment read on after a page, the request for what follows it went out before the
    // consumer had the page. The first page is read before there are segments, and after the last
    // one the consumer asks for what follows itself.
    let checked = 0;
    for (const { last, requestsBefore } of handedOut.slice(1, -1)) {
      const next = tenant.requests.findIndex((r) => r.kind === 'page' && r.from === last);
      if (next < 0) continue;
      checked += 1;
      expect(next, `the request for what follows ${last}`).toBeLessThan(requestsBefore);
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('tiles the range with no hole and no overlap whatever the search index answers (300 seeds)', async () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const random = seededRandom(seed);
      const logs = tenantLogs({
        count: 500 + Math.floor(random() * 4_000),
        spacingMs: 1 + Math.floor(random() * 3_000),
        jitterMs: Math.floor(random() * 600_000),
        random,
      });
      const answers = [
        // Anything at all, earlier logs included.
        () => logs[Math.floor(random() * logs.length)],
        // Nothing: an index lagging far behind.
        () => undefined,
        // The truth, but the index skips logs and lags.
        (date: Date) =>
          logs
            .slice(0, Math.floor(logs.length * 0.7))
            .find((log) => Date.parse(log.date) >= date.getTime() && random() > 0.3),
        // Logs outside the tenant's range altogether.
        () => ({ log_id: random() > 0.5 ? logId(0) : logId(10 ** 9), date: 'garbage', type: 's' }),
      ];
      const answer = answers[seed % answers.length]!;
      const tenant = fakeTenant(logs, (date) => answer(date), {
        concurrency: 1 + (seed % 16),
      });
      const reader = new SegmentReader(tenant, {
        maxConcurrency: 2 + (seed % 15),
        windowPages: 1 + (seed % 8),
        now: () => NOW,
        ...FIXED_READ_AHEAD,
      });
      const take = [100, 50, 13][seed % 3]!;
      const startAt = Math.floor(random() * 100);
      const read = await readAll(reader, logs[startAt]!.log_id, take);
      const expected = logs.slice(startAt + 1).map((log) => log.log_id);
      expect(
        read.map((log) => log.log_id),
        `seed ${seed}`,
      ).toEqual(expected);
    }
  });

  it('holds no more than max-concurrency windows of pages ahead of the consumer', async () => {
    const logs = tenantLogs({ count: 100_000, spacingMs: 1_000 });
    const byDate = (date: Date) => logs.find((log) => Date.parse(log.date) >= date.getTime());
    const tenant = fakeTenant(logs, byDate);
    tenant.clock.latencyMs = 40;
    const reader = readerOnTenantClock(tenant, { windowPages: 5, readAheadPages: 20 });
    // The consumer waits for its pages, so the read-ahead grows to the whole room; then it stalls,
    // as a pipeline waiting on a slow put does.
    const pipeline = consumer(reader, tenant);
    const ahead = await pipeline.take(10);
    // Segments read whole free their reader for the next one, until the pages held fill the room:
    // at most 20 pages, a request in flight counted as a page.
    expect(reader.stats.segments).toBeGreaterThan(4);
    expect(ahead).toBeLessThanOrEqual(20);
    // A segment planned but not yet read counts as a page of room.
    expect(ahead).toBeGreaterThanOrEqual(20 - 2);
    // As the consumer takes pages, room is made and reading goes on, still in log_id order.
    let cursor = pipeline.cursor;
    for (let i = pipeline.taken - 1; i < pipeline.taken - 1 + 40; i += 1) {
      const page = await reader.page(cursor, 100);
      expect(page[0]!.log_id).toBe(logs[(i + 1) * 100]!.log_id);
      cursor = page[page.length - 1]!.log_id;
    }
    reader.close();
  });

  it('reads ahead as far as the consumer waits for: the whole room while it waits, what the sequential reader holds while it is the slower', async () => {
    const logs = tenantLogs({ count: 100_000, spacingMs: 1_000 });
    const byDate = (date: Date) => logs.find((log) => Date.parse(log.date) >= date.getTime());
    const tenant = fakeTenant(logs, byDate);
    const reader = readerOnTenantClock(tenant);
    const pipeline = consumer(reader, tenant);
    // Before the consumer has shown what it needs, the reader holds what the sequential reader does.
    expect(await pipeline.take(2)).toBeLessThanOrEqual(MIN_READ_AHEAD_PAGES);
    // Auth0 is the bottleneck: every page takes 40 ms, and the consumer only waits for the next.
    tenant.clock.latencyMs = 40;
    const waiting = await pipeline.take(20);
    expect(waiting).toBeGreaterThanOrEqual(READ_AHEAD_PAGES - 2);
    expect(waiting).toBeLessThanOrEqual(READ_AHEAD_PAGES);
    // The consumer is: pages come at once and it works 50 ms on each (its puts are slow). The pages
    // held ahead are taken and not read again beyond what the sequential reader holds.
    tenant.clock.latencyMs = 0;
    expect(await pipeline.take(100, 50)).toBeLessThanOrEqual(MIN_READ_AHEAD_PAGES);
    // Auth0 slows down again: the read-ahead grows back, once the average shows the waits.
    tenant.clock.latencyMs = 40;
    expect(await pipeline.take(40)).toBeGreaterThanOrEqual(READ_AHEAD_PAGES - 2);
    // Every page in log_id order, whatever the read-ahead did.
    const next = await reader.page(pipeline.cursor, 100);
    expect(next[0]!.log_id).toBe(logs[pipeline.taken * 100]!.log_id);
    reader.close();
  });

  it('grows the read-ahead from the first page of a plan that the consumer waits for', async () => {
    const logs = tenantLogs({ count: 100_000, spacingMs: 1_000 });
    const byDate = (date: Date) => logs.find((log) => Date.parse(log.date) >= date.getTime());
    const tenant = fakeTenant(logs, byDate);
    tenant.clock.latencyMs = 40;
    const reader = readerOnTenantClock(tenant);
    const pipeline = consumer(reader, tenant);
    // The sequential page that opens the plan, then the plan's first: the consumer waited 40 ms for
    // it after a moment's work, so the segments behind the head are planned and read at once, not
    // after the pages an average starting from nothing would take to show the wait.
    await pipeline.take(2);
    expect(reader.stats.searches).toBeGreaterThanOrEqual(1);
    expect(reader.stats.segments).toBeGreaterThanOrEqual(2);
    reader.close();
  });

  it('holds the same read-ahead with 16 readers as with 4, in shorter segments', async () => {
    const logs = tenantLogs({ count: 100_000, spacingMs: 1_000 });
    const byDate = (date: Date) => logs.find((log) => Date.parse(log.date) >= date.getTime());
    const held: number[] = [];
    for (const concurrency of [4, 16]) {
      const tenant = fakeTenant(logs, byDate, { concurrency });
      tenant.clock.latencyMs = 40;
      const reader = readerOnTenantClock(tenant);
      // The consumer waits for its pages: the read-ahead grows to the whole room.
      held.push(await consumer(reader, tenant).take(20));
      if (concurrency === 16) {
        // 48 pages over 16 readers: segments of 3 pages, so more of them and more searches.
        expect(reader.stats.segments).toBeGreaterThanOrEqual(16);
      }
      reader.close();
    }
    for (const pages of held) {
      expect(pages).toBeLessThanOrEqual(READ_AHEAD_PAGES);
      expect(pages).toBeGreaterThanOrEqual(READ_AHEAD_PAGES - 2);
    }
  });

  it('once rate-limited, holds twice the read-ahead in segments twice as long, with half the searches', async () => {
    const logs = tenantLogs({ count: 100_000, spacingMs: 1_000 });
    const byDate = (date: Date) => logs.find((log) => Date.parse(log.date) >= date.getTime());
    const figures: { pages: number; searches: number }[] = [];
    for (const rateLimited of [false, true]) {
      const tenant = fakeTenant(logs, byDate, { rateLimited });
      tenant.clock.latencyMs = 40;
      const reader = readerOnTenantClock(tenant);
      figures.push({
        pages: await consumer(reader, tenant).take(40),
        searches: reader.stats.searches,
      });
      reader.close();
    }
    const [free, limited] = figures as [(typeof figures)[0], (typeof figures)[0]];
    expect(free.pages).toBeLessThanOrEqual(READ_AHEAD_PAGES);
    expect(limited.pages).toBeLessThanOrEqual(2 * READ_AHEAD_PAGES);
    expect(limited.pages).toBeGreaterThanOrEqual(2 * READ_AHEAD_PAGES - 2);
    // The same segments' worth of searches for twice the pages: one search serves twice as many.
    expect(limited.searches / limited.pages).toBeLessThan((0.6 * free.searches) / free.pages);
  });

  it('hands out the pages before a failed one, then the failure', async () => {
    const logs = tenantLogs({ count: 10_000, spacingMs: 1_000 });
    const failing = logs[6_050]!.log_id;
    let failed = false;
    const tenant = fakeTenant(
      logs,
      (date) => logs.find((log) => Date.parse(log.date) >= date.getTime()),
      {
        fail: (from) => {
          if (failed || compareLogIds(from, failing) < 0) return false;
          failed = true;
          return true;
        },
      },
    );
    const reader = new SegmentReader(tenant, {
      maxConcurrency: 4,
      now: () => NOW,
      ...FIXED_READ_AHEAD,
    });
    const read: Auth0Log[] = [];
    let cursor = logId(0);
    const error = await (async () => {
      for (;;) {
        const page = await reader.page(cursor, 100);
        if (page.length === 0) return undefined;
        read.push(...page);
        cursor = page[page.length - 1]!.log_id;
      }
    })().catch((e: unknown) => e);
    expect(String(error)).toContain('failed');
    expect(read.map((log) => log.log_id)).toEqual(
      logs.slice(0, read.length).map((log) => log.log_id),
    );
    expect(read.length).toBeGreaterThanOrEqual(6_000);
  });

  it('keeps reading a segment whose end was found after its short last page was served', async () => {
    // The newest logs end at 250 when the last segment's page after 200 is served (a short page);
    // 150 more are written, and only then is the search that ends the segment at 300 served. Its
    // small answer is processed first: the short page says nothing of logs 251 to 300.
    const logs = tenantLogs({ count: 250, spacingMs: 1_000, endsAgoMs: 86_400_000 });
    const served = (from: string, take: number) =>
      logs.filter((log) => compareLogIds(log.log_id, from) > 0).slice(0, take);
    const pages: { from: string; answer: Auth0Log[]; deliver: (logs: Auth0Log[]) => void }[] = [];
    const searches: ((log: Auth0Log | undefined) => void)[] = [];
    const client: SegmentClient = {
      concurrency: 2,
      rateLimited: false,
      // Served when asked for, delivered when the test says.
      page: (from, take) =>
        new Promise((deliver) => pages.push({ from, answer: served(from, take), deliver })),
      firstAtOrAfter: () => new Promise((answer) => searches.push(answer)),
    };
    const settle = async () => {
      for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
    };
    const reader = new SegmentReader(client, {
      maxConcurrency: 2,
      now: () => NOW,
      ...FIXED_READ_AHEAD,
    });
    const first = reader.page(logId(0), 100);
    await settle();
    const firstPage = pages.shift()!;
    firstPage.deliver(firstPage.answer);
    const read = [...(await first)];
    await settle();
    searches.shift()!(logs[199]);
    await settle();
    const short = pages.find((page) => page.from === logId(200))!;
    expect(short.answer).toHaveLength(50);
    logs.push(...tenantLogs({ count: 400, spacingMs: 1_000, endsAgoMs: 86_250_000 }).slice(250));
    searches.shift()!(logs[299]);
    await settle();
    pages.splice(pages.indexOf(short), 1);
    short.deliver(short.answer);
    // From here on, every request is answered at once.
    const answering = setInterval(() => {
      for (const page of pages.splice(0)) page.deliver(served(page.from, 100));
      for (const search of searches.splice(0)) search(undefined);
    }, 1);
    let cursor = read[read.length - 1]!.log_id;
    for (;;) {
      const page = await reader.page(cursor, 100);
      if (page.length === 0) break;
      read.push(...page);
      cursor = page[page.length - 1]!.log_id;
    }
    clearInterval(answering);
    reader.close();
    expect(read.map((log) => log.log_id)).toEqual(logs.map((log) => log.log_id));
  });

  it('asks for no page after close(), not even the one the consumer asked for ahead', async () => {
    const logs = tenantLogs({ count: 20_000, spacingMs: 1_000, endsAgoMs: 86_400_000 });
    let closed = false;
    const afterClose: string[] = [];
    const held: (() => void)[] = [];
    const tenant = fakeTenant(logs, () => undefined);
    const client: SegmentClient = {
      ...tenant,
      async page(from, take, priority) {
        if (closed) afterClose.push(from);
        // Pages read ahead are slow: the consumer's next page is not there yet.
        else if (from !== logId(0)) await new Promise<void>((resolve) => held.push(resolve));
        return tenant.page(from, take, priority);
      },
    };
    const reader = new SegmentReader(client, {
      maxConcurrency: 4,
      now: () => NOW,
      ...FIXED_READ_AHEAD,
    });
    const first = await reader.page(logId(0), 100);
    // As checkpoint paging does, the next page is asked for before this one is consumed...
    const next = reader.page(first[first.length - 1]!.log_id, 100);
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
    // ...and the run stops (a failed put, the deadline): the source is closed.
    closed = true;
    reader.close();
    await expect(next).rejects.toThrow('closed');
    for (const release of held) release();
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(afterClose).toEqual([]);
  });

  it("gives a segment's page requests its rank in log_id order, whichever segment is the head", async () => {
    const logs = tenantLogs({ count: 30_000, spacingMs: 1_000, endsAgoMs: 86_400_000 });
    const byDate = (date: Date) => logs.find((log) => Date.parse(log.date) >= date.getTime());
    const tenant = fakeTenant(logs, byDate);
    const asked: { from: string; priority: number }[] = [];
    const client: SegmentClient = {
      ...tenant,
      page(from, take, priority) {
        asked.push({ from, priority });
        return tenant.page(from, take, priority);
      },
    };
    const reader = new SegmentReader(client, {
      maxConcurrency: 4,
      now: () => NOW,
      ...FIXED_READ_AHEAD,
    });
    expect(await readAll(reader, logId(0), 100)).toHaveLength(logs.length);
    expect(reader.stats.segments).toBeGreaterThan(10);
    // A budget admits lower priorities first: a request waiting for its turn must never be
    // overtaken by one for logs after it, which a rank taken from the segment's current place
    // (that falls as the segments before it are read) allowed.
    // (Priority 0 is the sequential reader's, with no segment open.)
    const byLogId = asked
      .filter((request) => request.priority > 0)
      .sort((a, b) => compareLogIds(a.from, b.from));
    expect(byLogId.length).toBeGreaterThan(250);
    for (let i = 1; i < byLogId.length; i += 1) {
      expect(byLogId[i]!.priority).toBeGreaterThanOrEqual(byLogId[i - 1]!.priority);
    }
  });

  it("gives a boundary search a priority after the head segment's pages and before every later segment's", async () => {
    const logs = tenantLogs({ count: 30_000, spacingMs: 1_000, endsAgoMs: 86_400_000 });
    const byDate = (date: Date) => logs.find((log) => Date.parse(log.date) >= date.getTime());
    const tenant = fakeTenant(logs, byDate);
    const pages: { from: string; priority: number }[] = [];
    const searches: { priority: number; consumerAt: string }[] = [];
    let consumerAt = logId(0);
    const client: SegmentClient = {
      ...tenant,
      page(from, take, priority) {
        pages.push({ from, priority });
        return tenant.page(from, take, priority);
      },
      firstAtOrAfter(date, priority) {
        searches.push({ priority, consumerAt });
        return tenant.firstAtOrAfter(date, priority);
      },
    };
    const reader = new SegmentReader(client, {
      maxConcurrency: 4,
      now: () => NOW,
      ...FIXED_READ_AHEAD,
    });
    for (;;) {
      const page = await reader.page(consumerAt, 100);
      if (page.length === 0) break;
      consumerAt = page[page.length - 1]!.log_id;
    }
    expect(searches.length).toBeGreaterThan(20);
    // The head is the segment the consumer reads from: the one whose request reads what follows
    // the consumer's last log (or, when the consumer has just read a segment to its end, the one
    // it has just read). A search waits behind the head's pages, never behind a later segment's.
    for (const { priority, consumerAt: at } of searches) {
      const next = pages.find((page) => page.from === at && page.priority > 0);
      if (!next) continue;
      expect(Number.isInteger(priority - 0.5), `priority ${priority}`).toBe(true);
      expect([next.priority - 0.5, next.priority + 0.5]).toContain(priority);
    }
  });

  it('uses the answer of a search only for the plan it was made for, and plans anew after a drop', async () => {
    // The restart is past the boundary the hanging search will name.
    const { logs, tenant, reader, restart, page, hung, byDate } =
      await dropPlanWhileSearching(9_999);
    const searchesBefore = reader.stats.searches;
    const requestsBefore = tenant.requests.length;
    hung.settle((date) => byDate(date));
    const first = await page;
    const rest = await readAll(reader, first[first.length - 1]!.log_id, 100);
    expect([...first, ...rest]).toEqual(logs.slice(10_000));
    // The new plan found boundaries of its own, and read nothing before its start: a segment opened
    // at the old plan's boundary would spend the tenant's requests on logs nobody asks for.
    expect(reader.stats.searches).toBeGreaterThan(searchesBefore);
    expect(reader.stats.segments).toBeGreaterThan(5);
    const pagesAfter = tenant.requests.slice(requestsBefore).filter((r) => r.kind === 'page');
    expect(pagesAfter.filter((r) => compareLogIds(r.from!, restart) < 0)).toEqual([]);
  });

  it('withdraws the requests of a plan when the plan is dropped', async () => {
    const logs = tenantLogs({ count: 20_000, spacingMs: 1_000, endsAgoMs: 86_400_000 });
    const byDate = (date: Date) => logs.find((log) => Date.parse(log.date) >= date.getTime());
    const tenant = fakeTenant(logs, byDate);
    const asked: { plan: number; withdraw?: AbortSignal }[] = [];
    let plan = 1;
    const client: SegmentClient = {
      ...tenant,
      page(from, take, priority, withdraw) {
        asked.push({ plan, withdraw });
        return tenant.page(from, take, priority);
      },
      firstAtOrAfter(date, priority, withdraw) {
        asked.push({ plan, withdraw });
        return tenant.firstAtOrAfter(date, priority);
      },
    };
    const reader = new SegmentReader(client, {
      maxConcurrency: 4,
      now: () => NOW,
      ...FIXED_READ_AHEAD,
    });
    const first = await reader.page(logId(0), 100);
    await reader.page(first[first.length - 1]!.log_id, 100);
    const firstPlan = asked.filter((request) => request.withdraw !== undefined);
    expect(firstPlan.length).toBeGreaterThan(4);
    expect(firstPlan.some((request) => request.withdraw!.aborted)).toBe(false);
    // The consumer asks from elsewhere (as after reconciling with the stream): the plan is dropped.
    plan = 2;
    const restart = await reader.page(logs[9_999]!.log_id, 100);
    await readAll(reader, restart[restart.length - 1]!.log_id, 100);
    expect(firstPlan.every((request) => request.withdraw!.aborted)).toBe(true);
    const secondPlan = asked.filter((request) => request.plan === 2 && request.withdraw);
    expect(secondPlan.length).toBeGreaterThan(4);
    // The second plan ends when its last segment reaches the end, and withdraws what is left.
    expect(secondPlan.filter((request) => !request.withdraw!.aborted).length).toBeLessThan(
      secondPlan.length,
    );
  });

  it('splits a new plan even when the search of a plan dropped before it fails', async () => {
    const { logs, reader, page, hung } = await dropPlanWhileSearching(999);
    hung.settle(() => {
      throw new Error('search failed');
    });
    const first = await page;
    const rest = await readAll(reader, first[first.length - 1]!.log_id, 100);
    expect([...first, ...rest]).toEqual(logs.slice(1_000));
    expect(reader.stats.segments).toBeGreaterThan(5);
  });

  it('with max-concurrency 1 is the sequential reader: no search, one page after another', async () => {
    const logs = tenantLogs({ count: 3_000, spacingMs: 1_000 });
    const tenant = fakeTenant(logs, () => logs[1_000]);
    const reader = new SegmentReader(tenant, {
      maxConcurrency: 1,
      now: () => NOW,
      ...FIXED_READ_AHEAD,
    });
    expect(await readAll(reader, logId(0), 100)).toEqual(logs);
    expect(tenant.requests.every((r) => r.kind === 'page')).toBe(true);
    expect(tenant.requests).toHaveLength(31);
  });
});
