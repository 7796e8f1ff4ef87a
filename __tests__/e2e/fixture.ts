/** A tenant, a CloudWatch account and an Actions cache on loopback, and runs of dist/ against them. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Auth0Emulator, type Auth0EmulatorOptions, type Auth0Log } from '../emulators/auth0.js';
import { CloudWatchEmulator, type CloudWatchEmulatorOptions } from '../emulators/cloudwatch.js';
import {
  CloudWatchMetricsEmulator,
  type MetricsEmulatorOptions,
} from '../emulators/cloudwatch-metrics.js';
import { ActionsCacheEmulator } from '../emulators/actions-cache.js';
import { SlackWebhookEmulator } from '../emulators/slack.js';
import { ArtifactServiceEmulator } from '../emulators/artifacts.js';
import { compareStream, type Comparison } from '../exactly-once.js';
import { ActionRun, type StepResult } from './runner.js';

export const GROUP = '/auth0/e2e';
export const STREAM = 'tenant-logs';

export interface FixtureOptions {
  auth0?: Auth0EmulatorOptions;
  cloudwatch?: CloudWatchEmulatorOptions;
  metrics?: MetricsEmulatorOptions;
  slack?: boolean;
  artifacts?: boolean;
}

export class Fixture {
  private runId = 1_000;

  private constructor(
    readonly auth0: Auth0Emulator,
    readonly cloudwatch: CloudWatchEmulator,
    /** CloudWatch metrics: only called by runs with `metrics-namespace`. */
    readonly metrics: CloudWatchMetricsEmulator,
    readonly cache: ActionsCacheEmulator,
    readonly slack: SlackWebhookEmulator | undefined,
    readonly artifacts: ArtifactServiceEmulator | undefined,
    readonly dir: string,
  ) {}

  static async start(options: FixtureOptions = {}): Promise<Fixture> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'e2e-'));
    const [auth0, cloudwatch, metrics, cache, slack, artifacts] = await Promise.all([
      Auth0Emulator.start(options.auth0),
      CloudWatchEmulator.start(options.cloudwatch),
      CloudWatchMetricsEmulator.start(options.metrics),
      ActionsCacheEmulator.start(),
      options.slack ? SlackWebhookEmulator.start() : undefined,
      options.artifacts ? ArtifactServiceEmulator.start() : undefined,
    ]);
    return new Fixture(auth0, cloudwatch, metrics, cache, slack, artifacts, dir);
  }

  async close(): Promise<void> {
    await Promise.all([
      this.auth0.close(),
      this.cloudwatch.close(),
      this.metrics.close(),
      this.cache.close(),
      this.slack?.close(),
      this.artifacts?.close(),
    ]);
    await rm(this.dir, { recursive: true, force: true });
  }

  inputs(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      'auth0-domain': this.auth0.domain,
      'auth0-client-id': 'test-client-id',
      'auth0-client-secret': 'test-client-secret',
      'log-group': GROUP,
      'log-stream': STREAM,
      'aws-region': 'us-east-1',
      'aws-access-key-id': 'AKIDEXAMPLE000000001',
      'aws-secret-access-key': 'test-secret-access-key',
      ...overrides,
    };
  }

  /** A new workflow run (new run id) on the same runner workspace, as a hosted runner has. */
  newRun(overrides: Record<string, string> = {}, env: Record<string, string> = {}): ActionRun {
    this.runId += 1;
    return new ActionRun({
      inputs: this.inputs(overrides),
      env: {
        AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: this.cloudwatch.endpoint,
        ...this.metrics.env(),
        ...this.cache.env(),
        // The artifact service's runtime token replaces the cache's, as one job has one token.
        ...this.artifacts?.env(this.runId),
        ...env,
      },
      runId: this.runId,
      workspace: path.join(this.dir, 'workspace'),
      runnerTemp: path.join(this.dir, 'temp'),
    });
  }

  async run(
    overrides: Record<string, string> = {},
    env: Record<string, string> = {},
  ): Promise<{ main: StepResult; post: StepResult }> {
    const run = this.newRun(overrides, env);
    try {
      const main = await run.main();
      const post = await run.post();
      return { main, post };
    } finally {
      await run.cleanup();
    }
  }

  /**
   * Adds `count` logs `spacingMs` apart, dated after the newest one the tenant holds (log_ids only
   * ever grow); an empty tenant starts at `startIfEmpty` (an hour ago unless set).
   */
  appendLogs(options: {
    count: number;
    spacingMs: number;
    startIfEmpty?: Date;
    detailBytes?: number;
  }): Auth0Log[] {
    const { count, spacingMs, detailBytes } = options;
    const newest = this.auth0.logs[this.auth0.logs.length - 1];
    const start = newest
      ? new Date(Date.parse(newest.date) + spacingMs)
      : (options.startIfEmpty ?? new Date(Date.now() - 3_600_000));
    return this.auth0.generateLogs(count, { start, spacingMs, detailBytes });
  }

  /** The logs in a stream, in stream order. */
  stream(group = GROUP, stream = STREAM): { timestamp: number; log: Auth0Log }[] {
    if (!this.cloudwatch.hasLogStream(group, stream)) return [];
    return this.cloudwatch
      .events(group, stream)
      .map((event) => ({ timestamp: event.timestamp, log: JSON.parse(event.message) as Auth0Log }));
  }

  /** Compares a stream with the tenant's logs (from `fromIndex` on): what was lost, what doubled. */
  compare(
    options: {
      group?: string;
      stream?: string;
      fromIndex?: number;
      accept?: (log: Auth0Log) => boolean;
    } = {},
  ): Comparison {
    const ids = this.stream(options.group, options.stream).map((event) => event.log.log_id);
    const expected = this.auth0.logs
      .slice(options.fromIndex ?? 0)
      .filter((log) => options.accept?.(log) ?? true);
    return compareStream(ids, expected);
  }
}
