/**
 * The pipeline in-process: `runExport` with the real Auth0LogSource and CloudWatchSink, talking
 * through the official SDKs over loopback to the emulators, on a clock the test owns. A sleep
 * advances that clock and resolves at once, so a backoff, a rate-limit wait or a tail settle costs
 * nothing, and hundreds of scheduled runs fit in seconds.
 */
import { Auth0LogSource } from '../../src/auth0/source.js';
import { CloudWatchSink } from '../../src/cloudwatch/sink.js';
import type { CheckpointRecord } from '../../src/checkpoint/record.js';
import { ExportFailedError, runExport, type ExportResult } from '../../src/pipeline/export.js';
import type { Sleep } from '../../src/retry.js';
import { compareStream, type Comparison } from '../exactly-once.js';
import { Auth0Emulator, type Auth0EmulatorOptions, type Auth0Log } from '../emulators/auth0.js';
import { CloudWatchEmulator, type CloudWatchEmulatorOptions } from '../emulators/cloudwatch.js';

export const GROUP = '/auth0/in-process';
export const STREAM = 'tenant-logs';
const MINUTE = 60_000;

/** The test's clock: it moves only when a sleep or the test moves it. */
export class Clock {
  constructor(private at: number) {}

  readonly now = (): number => this.at;

  advance(ms: number): void {
    this.at += Math.max(0, ms);
  }

  /** Moves the clock by `ms` and resolves on the next turn of the event loop, so I/O interleaves. */
  readonly sleep: Sleep = (ms) => {
    this.advance(ms);
    return new Promise((resolve) => setImmediate(resolve));
  };
}

export interface WorldOptions {
  seed: number;
  auth0?: Omit<Auth0EmulatorOptions, 'now' | 'seed'>;
  cloudwatch?: Omit<CloudWatchEmulatorOptions, 'now' | 'seed'>;
}

/** One tenant, one CloudWatch account and the clock they share. */
export class World {
  private incarnations = 0;
  private readonly sinks: CloudWatchSink[] = [];

  private constructor(
    readonly clock: Clock,
    readonly auth0: Auth0Emulator,
    readonly cloudwatch: CloudWatchEmulator,
  ) {}

  static async start(options: WorldOptions): Promise<World> {
    // Real dates, so that request signatures and token lifetimes look as they do in production.
    const clock = new Clock(Date.now());
    const [auth0, cloudwatch] = await Promise.all([
      Auth0Emulator.start({ ...options.auth0, now: clock.now, seed: options.seed }),
      CloudWatchEmulator.start({ ...options.cloudwatch, now: clock.now, seed: options.seed + 1 }),
    ]);
    return new World(clock, auth0, cloudwatch);
  }

  /** Closes the emulators, which cuts every connection a killed pipeline left hanging. */
  async close(): Promise<void> {
    await Promise.all([this.auth0.close(), this.cloudwatch.close()]);
    for (const sink of this.sinks) sink.close();
  }

  /** Adds logs dated after the newest one the tenant holds, ending no later than the clock. */
  appendLogs(options: { count: number; spacingMs: number; detailBytes?: number }): Auth0Log[] {
    const now = this.clock.now();
    const newest = this.auth0.logs.at(-1);
    let spacingMs = options.spacingMs;
    let start = now - options.count * spacingMs - MINUTE;
    if (newest && Date.parse(newest.date) >= start) {
      // Squeeze the new logs in between the newest one and now: a tenant does not log the future.
      const room = now - Date.parse(newest.date);
      spacingMs = Math.max(1, Math.min(spacingMs, Math.floor(room / (options.count + 1))));
      start = Date.parse(newest.date) + spacingMs;
    }
    return this.auth0.generateLogs(options.count, {
      start: new Date(start),
      spacingMs,
      detailBytes: options.detailBytes,
    });
  }

  /**
   * A new pipeline, as a new process of the action would build it: its own Auth0 application and
   * AWS access key (so that a kill can freeze exactly this incarnation), its own SDK clients.
   */
  pipeline(options: { sleep?: Sleep; signal?: AbortSignal } = {}): Pipeline {
    this.incarnations += 1;
    const n = this.incarnations;
    const clientId = `client-${n}`;
    const accessKeyId = `AKIDINPROCESS${String(n).padStart(7, '0')}`;
    this.auth0.addClient({ clientId, clientSecret: `secret-${n}` });
    const sleep = options.sleep ?? this.clock.sleep;
    const source = new Auth0LogSource({
      domain: this.auth0.domain,
      clientId,
      clientSecret: `secret-${n}`,
      sleep,
      now: this.clock.now,
      signal: options.signal,
    });
    // The SDK takes the endpoint from the environment, as the action does in the end-to-end tests;
    // a client reads it at its first request, which comes before the next world starts.
    process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS = this.cloudwatch.endpoint;
    const sink = new CloudWatchSink({
      logGroup: GROUP,
      logStream: STREAM,
      region: 'us-east-1',
      credentials: { accessKeyId, secretAccessKey: 'in-process-secret' },
      createIfMissing: true,
      sleep,
      signal: options.signal,
    });
    this.sinks.push(sink);
    return { clientId, accessKeyId, source, sink };
  }

  /** log_ids in the stream, in stream order. */
  streamIds(): string[] {
    if (!this.cloudwatch.hasLogStream(GROUP, STREAM)) return [];
    return this.cloudwatch.events(GROUP, STREAM).map((event) => logIdOf(event.message));
  }

  /** The stream against the tenant's logs that pass `accepts`: what is missing, what doubled. */
  compare(accepts: (log: Auth0Log) => boolean = () => true): Comparison {
    return compareStream(this.streamIds(), this.auth0.logs.filter(accepts));
  }

  /**
   * Delivery rule 2 at the moment a checkpoint is handed over: every log up to it that the filter
   * accepts is already stored. Returns the log_ids that are not.
   */
  unsettledUpTo(logId: string, accepts: (log: Auth0Log) => boolean): string[] {
    const stored = new Set(this.streamIds());
    return this.auth0.logs
      .filter((log) => log.log_id <= logId && accepts(log) && !stored.has(log.log_id))
      .map((log) => log.log_id);
  }
}

export interface Pipeline {
  clientId: string;
  accessKeyId: string;
  source: Auth0LogSource;
  sink: CloudWatchSink;
}

export interface RunOptions {
  pipeline: Pipeline;
  batchSize: number;
  accepts: (type: string) => boolean;
  /** The checkpoint that survived the previous runs (what the store holds). */
  restored?: CheckpointRecord;
  onCheckpoint: (record: CheckpointRecord) => void;
  clock: Clock;
  deadline?: number;
  signal?: AbortSignal;
}

/** `result` is absent when the run failed before it started exporting (e.g. reading the tail). */
export type RunOutcome = { result?: ExportResult; error?: unknown };

/** One main step of the action: the export, its failure kept apart from its progress. */
export async function runOnce(options: RunOptions): Promise<RunOutcome> {
  try {
    const result = await runExport({
      target: { tenant: 'in-process', logGroup: GROUP, logStream: STREAM },
      batchSize: options.batchSize,
      startFrom: { kind: 'oldest' },
      startFromInput: 'oldest',
      source: options.pipeline.source,
      sink: options.pipeline.sink,
      filter: { accepts: options.accepts },
      restored: options.restored,
      onCheckpoint: options.onCheckpoint,
      deadline: options.deadline ?? options.clock.now() + 6 * 60 * MINUTE,
      signal: options.signal,
      now: options.clock.now,
    });
    return { result };
  } catch (error) {
    if (error instanceof ExportFailedError) return { result: error.result, error: error.cause };
    return { error };
  }
}

export function logIdOf(message: string): string {
  return /"log_id":"([^"]+)"/.exec(message)?.[1] ?? '';
}

/** Picks one of `items` with `random`. */
export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** The types a filter keeps in a round: all of them, or a few. */
export function typeFilter(random: () => number): {
  label: string;
  accepts: (type: string) => boolean;
} {
  if (random() < 0.6) return { label: 'all types', accepts: () => true };
  const kept = new Set(['s', 'f', 'fp', 'ssa', 'sapi', 'slo'].filter(() => random() < 0.5));
  kept.add('s');
  return { label: [...kept].join(','), accepts: (type) => kept.has(type) };
}
