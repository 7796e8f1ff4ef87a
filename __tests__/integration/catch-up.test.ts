/**
 * The pipeline with the real Auth0LogSource, over HTTPS to the Auth0 emulator, reading backlogs in
 * segments through hostile search indexes, rate limits and faults. One clock, shared by the emulator
 * and the source, is moved by the source's sleeps, so that minutes of rate-limit waits and backoffs
 * take no time: many seeds run in seconds.
 */
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { Auth0LogSource } from '../../src/auth0/source.js';
import type { Batch } from '../../src/cloudwatch/batcher.js';
import { runExport, type ExportResult } from '../../src/pipeline/export.js';
import type { LogSink, PutOutcome, StreamTail } from '../../src/pipeline/ports.js';
import { Auth0Emulator, type Auth0EmulatorOptions } from '../emulators/auth0.js';
import { seededRandom } from '../emulators/loopback.js';

/** Before every log the emulator makes. */
const BEFORE_ALL = `900${'0'.repeat(53)}`;

class MemorySink implements LogSink {
  readonly ids: string[] = [];
  async prepare(): Promise<void> {}
  async newestLogId(): Promise<StreamTail | undefined> {
    const last = this.ids[this.ids.length - 1];
    return last ? { logId: last } : undefined;
  }
  async put(batch: Batch): Promise<PutOutcome> {
    await new Promise((resolve) => setImmediate(resolve));
    this.ids.push(...batch.logIds.slice().sort());
    return { accepted: batch.events.length, rejected: [] };
  }
}

interface Tenant {
  auth0: Auth0Emulator;
  clock: { now: number };
}

const open: Auth0Emulator[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((emulator) => emulator.close()));
});

async function tenant(options: Auth0EmulatorOptions): Promise<Tenant> {
  const clock = { now: Date.now() };
  const auth0 = await Auth0Emulator.start({ ...options, now: () => clock.now });
  open.push(auth0);
  return { auth0, clock };
}

async function exportAll(
  { auth0, clock }: Tenant,
  options: {
    maxConcurrency: number;
    batchSize?: number;
    reserve?: { percent: number };
    signal?: AbortSignal;
  },
): Promise<{ result: ExportResult; sink: MemorySink; source: Auth0LogSource }> {
  const source = new Auth0LogSource({
    signal: options.signal,
    domain: auth0.domain,
    clientId: 'test-client-id',
    clientSecret: 'test-client-secret',
    maxConcurrency: options.maxConcurrency,
    reserve: options.reserve ?? { percent: 20 },
    now: () => clock.now,
    sleep: async (ms) => {
      clock.now += Math.max(0, ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
    random: seededRandom(5),
  });
  const sink = new MemorySink();
  try {
    const result = await runExport({
      target: { tenant: auth0.domain, logGroup: 'g', logStream: 's' },
      batchSize: options.batchSize ?? 100,
      startFrom: { kind: 'log-id', logId: BEFORE_ALL },
      startFromInput: BEFORE_ALL,
      source,
      sink,
      filter: { accepts: () => true },
      onCheckpoint: () => undefined,
      deadline: Infinity,
      now: () => clock.now,
    });
    return { result, sink, source };
  } finally {
    source.close();
  }
}

/** Logs in bursts of varied pace, dated out of log_id order by up to `jitterMs`. */
function backlog(auth0: Auth0Emulator, random: () => number, jitterMs: number): void {
  let start = Date.now() - 20 * 86_400_000;
  for (let burst = 0; burst < 4; burst += 1) {
    const count = 300 + Math.floor(random() * 1_500);
    const spacingMs = 1 + Math.floor(random() * 60_000);
    auth0.generateLogs(count, { start: new Date(start), spacingMs, dateJitterMs: jitterMs });
    start += count * spacingMs + 1_000;
  }
}

describe('catching up in segments, in process', () => {
  it('aborts an Auth0 request in flight when the run is cancelled, rather than waiting for its timeout', async () => {
    const t = await tenant({ seed: 4, rateLimit: { limit: 1_000, refillPerSecond: 1_000 } });
    t.auth0.generateLogs(50, { start: new Date(Date.now() - 3_600_000), spacingMs: 1_000 });
    const cancel = new AbortController();
    const source = new Auth0LogSource({
      domain: t.auth0.domain,
      clientId: 'test-client-id',
      clientSecret: 'test-client-secret',
      signal: cancel.signal,
    });
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    t.auth0.onRequest = (moment) => {
      if (moment.path !== '/api/v2/logs' || moment.phase !== 'arrived') return;
      // The tenant never answers this request: only the cancellation can end it.
      t.auth0.freeze('test-client-id');
      arrived();
    };
    try {
      const page = source.page(BEFORE_ALL, 100).then(
        () => 'answered',
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      await arrival;
      cancel.abort();
      const outcome = await Promise.race([
        page,
        new Promise((resolve) => setTimeout(() => resolve('still waiting after 2 s'), 2_000)),
      ]);
      // Cut short, not answered (the pipeline counts a request cut short as the cancellation).
      expect(outcome).toMatch(/abort|cancel/i);
      expect(getEventListeners(cancel.signal, 'abort')).toEqual([]);
    } finally {
      source.close();
    }
  });

  it("lets go of the run's cancel signal after every request, in segments and one page after another", async () => {
    for (const maxConcurrency of [1, 4]) {
      const t = await tenant({ seed: 3, rateLimit: { limit: 1_000, refillPerSecond: 1_000 } });
      t.auth0.generateLogs(5_000, { start: new Date(Date.now() - 86_400_000), spacingMs: 1_000 });
      const cancel = new AbortController();
      const { result, sink, source } = await exportAll(t, {
        maxConcurrency,
        signal: cancel.signal,
      });
      expect(sink.ids).toHaveLength(5_000);
      expect(result.caughtUp).toBe(true);
      expect(source.stats.requests).toBeGreaterThan(50);
      // A listener left behind by each request would hold it, and its controller, until the run
      // ends: memory that grows with the backlog.
      expect(
        getEventListeners(cancel.signal, 'abort'),
        `max-concurrency ${maxConcurrency}`,
      ).toEqual([]);
    }
  });

  it('exports every log exactly once in log_id order whatever the search index does (16 seeds)', async () => {
    const rows: string[] = [];
    for (let seed = 1; seed <= 16; seed += 1) {
      const random = seededRandom(seed);
      const t = await tenant({
        seed,
        // Answers that take a little time: the export then waits for its pages, and reads ahead
        // in segments (with answers at once it would be bound by this process's CPU, and read
        // as the sequential reader does).
        latencyMs: 5,
        rateLimit: [
          { limit: 50, refillPerSecond: 16 },
          { limit: 10, refillPerSecond: 100 / 60 },
          { limit: 1_000, refillPerSecond: 1_000 },
        ][seed % 3],
        search: {
          lagLogs: Math.floor(random() * 3_000),
          omitProbability: random() * 0.6,
          dateSkewMs: Math.floor(random() * 6 * 3_600_000),
        },
      });
      backlog(t.auth0, random, Math.floor(random() * 3_600_000));
      if (seed % 4 === 0) {
        t.auth0.injectFaults({
          probability: 0.15,
          kinds: ['server-error', 'unavailable', 'reset', 'rate-limit'],
        });
      }
      const { result, sink, source } = await exportAll(t, {
        maxConcurrency: 2 + (seed % 15),
        batchSize: [100, 100, 37][seed % 3],
      });
      const expected = t.auth0.logs.map((log) => log.log_id);
      const duplicated = sink.ids.length - new Set(sink.ids).size;
      expect({ duplicated, inOrder: sink.ids.join() === expected.join() }, `seed ${seed}`).toEqual({
        duplicated: 0,
        inOrder: true,
      });
      expect(result.caughtUp).toBe(true);
      const stats = source.stats;
      rows.push(
        `seed ${seed}: ${expected.length} logs, ${stats.segments} segments, ${stats.searches} searches, ${stats.requests} requests, ${stats.peakConcurrency} in flight at most, ${stats.rateLimited} answered 429`,
      );
    }
    console.log(rows.join('\n'));
    expect(rows.filter((row) => !row.includes(' 1 segments')).length).toBeGreaterThanOrEqual(5);
  });

  it('makes no extra request for one page of news', async () => {
    const requests: string[][] = [];
    for (const maxConcurrency of [1, 4]) {
      const t = await tenant({});
      t.auth0.generateLogs(60, { start: new Date(Date.now() - 15 * 60_000), spacingMs: 10_000 });
      const { sink } = await exportAll(t, { maxConcurrency });
      expect(sink.ids).toHaveLength(60);
      requests.push(t.auth0.requests.map((r) => `${r.method} ${r.path} ${Object.keys(r.query)}`));
    }
    expect(requests[1]).toEqual(requests[0]);
    expect(requests[1]!.filter((line) => line.includes('/api/v2/logs'))).toHaveLength(2);
  });

  it('reads a backlog faster than page after page, within the bucket', async () => {
    const t = await tenant({ rateLimit: { limit: 1_000, refillPerSecond: 1_000 }, latencyMs: 20 });
    t.auth0.generateLogs(8_000, { start: new Date(Date.now() - 86_400_000), spacingMs: 5_000 });
    const started = performance.now();
    await exportAll(t, { maxConcurrency: 1 });
    const sequentialMs = performance.now() - started;
    const again = await tenant({
      rateLimit: { limit: 1_000, refillPerSecond: 1_000 },
      latencyMs: 20,
    });
    again.auth0.generateLogs(8_000, { start: new Date(Date.now() - 86_400_000), spacingMs: 5_000 });
    const startedSegments = performance.now();
    const { sink, source } = await exportAll(again, { maxConcurrency: 8 });
    const segmentsMs = performance.now() - startedSegments;
    expect(sink.ids).toHaveLength(8_000);
    expect(source.stats.peakConcurrency).toBeGreaterThan(2);
    console.log(
      `8,000 logs at 20 ms: page after page ${sequentialMs.toFixed(0)} ms, in segments ${segmentsMs.toFixed(0)} ms`,
    );
  });
});
