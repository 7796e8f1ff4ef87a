import * as core from '@actions/core';
import type { Auth0LogSource } from './auth0/source.js';
import { createCheckpointStore, type StoreSettings } from './checkpoint/create-store.js';
import { sameTarget } from './checkpoint/record.js';
import type { StoreState } from './checkpoint/state.js';
import type { CheckpointStore, RestoredCheckpoint } from './checkpoint/store.js';
import { DryRunSink } from './cloudwatch/dry-run-sink.js';
import type { RunFigures } from './cloudwatch/metrics.js';
import type { CloudWatchSink } from './cloudwatch/sink.js';
import { readConfig, type Config } from './config.js';
import { Input, SECRET_INPUTS, State } from './constants.js';
import { ActionError, ConfigError, errorMessage } from './errors.js';
import { inputsFromEnv, type InputReader } from './inputs.js';
import { createLogFilter } from './logs/filter.js';
import { createRedactor } from './logs/redact.js';
import {
  ExportFailedError,
  runExport,
  type ExportResult,
  type RedactionReport,
} from './pipeline/export.js';
import { describeRejected } from './pipeline/tally.js';
import { lagSeconds, outputsOf } from './report/outputs.js';
import type { SlackReason } from './report/slack.js';
import { formatDuration, renderSummary, type RunReport } from './report/summary.js';
import { Warnings, type WarningKind } from './report/warnings.js';

/** After the first SIGINT or SIGTERM the run has this long to settle before it exits anyway. */
const CANCEL_GRACE_MS = 6_000;
/** The longest a run waits for CloudWatch to take its metrics. */
const METRICS_TIMEOUT_MS = 20_000;
/** Of a cancelled run's grace, what is kept after the metrics for Slack and the summary. */
const AFTER_METRICS_MS = 1_500;

/** The main step: restore the checkpoint, export, report. */
export async function runMain(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const report: RunReport = { startedAt: Date.now(), finishedAt: Date.now(), warnings: [] };
  let config: Config;
  try {
    const read = inputsFromEnv(env);
    maskSecretInputs(read);
    config = readConfig(read, env);
  } catch (error) {
    core.setFailed(errorMessage(error));
    return;
  }
  report.tenant = config.auth0Domain;
  report.logGroup = config.logGroup;
  report.logStream = config.logStream;

  const warnings = new Warnings();
  report.warnings = warnings.all;
  const cancel = new AbortController();
  let signalledAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    signalledAt = Date.now();
    warnings.add(
      'cancelled',
      `Received ${signal}: stopping after the put in flight; progress is kept.`,
    );
    cancel.abort();
    // The runner kills the process 10 s after SIGINT; exit before that with the state written.
    setTimeout(() => process.exit(1), CANCEL_GRACE_MS).unref();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  for (const warning of config.warnings) warnings.add('input', warning);
  const settings: StoreSettings = {
    kind: config.checkpointStore,
    key: config.checkpointKey,
    githubToken: config.githubToken,
    artifactRetentionDays: config.artifactRetentionDays,
  };
  let sink: CloudWatchSink | undefined;
  let dryRun: DryRunSink | undefined;
  let source: Auth0LogSource | undefined;
  let result: ExportResult | undefined;
  try {
    // The SDKs load only now, after the inputs are checked: a bad input fails at once.
    const [store, { Auth0LogSource }, { CloudWatchSink }] = await Promise.all([
      createCheckpointStore(settings, env, {
        warn: (message) => warnings.add('checkpoint-store', message),
        info: (message) => core.info(message),
      }),
      import('./auth0/source.js'),
      import('./cloudwatch/sink.js'),
    ]);
    const restored = await restoreCheckpoint(store, config);
    report.checkpointSource = restored?.source;
    if (restored) {
      report.checkpointBefore = { logId: restored.record.logId, date: restored.record.logDate };
    }
    const { githubToken: _token, ...kept } = settings;
    const storeState: StoreState = {
      settings: kept,
      restored: restored?.record,
      dryRun: config.dryRun || undefined,
    };
    core.saveState(State.Store, JSON.stringify(storeState));
    if (restored) {
      core.info(`Restored the checkpoint ${restored.record.logId} from the ${restored.source}`);
    } else {
      core.info('No checkpoint was found for this export');
    }

    source = new Auth0LogSource({
      domain: config.auth0Domain,
      clientId: config.auth0ClientId,
      clientSecret: config.auth0ClientSecret,
      onToken: (token) => core.setSecret(token),
      log: (message) => core.info(message),
      signal: cancel.signal,
      maxConcurrency: config.maxConcurrency,
      reserve: config.rateLimitReserve,
    });
    sink = new CloudWatchSink({
      logGroup: config.logGroup,
      logStream: config.logStream,
      region: config.awsRegion,
      credentials: config.awsCredentials,
      createIfMissing: config.createIfMissing,
      retentionDays: config.retentionDays,
      log: (message) => core.info(message),
      signal: cancel.signal,
    });
    if (config.dryRun) {
      dryRun = new DryRunSink(sink);
      core.info('Dry run: reading and batching as usual; nothing is written to CloudWatch.');
    }

    result = await runExport({
      target: {
        tenant: config.auth0Domain,
        logGroup: config.logGroup,
        logStream: config.logStream,
      },
      batchSize: config.batchSize,
      startFrom: config.startFrom,
      startFromInput: config.startFromInput,
      source,
      sink: dryRun ?? sink,
      filter: createLogFilter(config.filter),
      redactor: config.redaction && createRedactor(config.redaction),
      restored: restored?.record,
      onCheckpoint: (record) => {
        // A dry run hands the post step nothing to save.
        if (config.dryRun) return;
        // Written synchronously: a crash or kill right after still hands it to the post step.
        core.saveState(State.Checkpoint, JSON.stringify(record));
      },
      deadline: report.startedAt + config.maxDurationMs,
      signal: cancel.signal,
      log: (message) => core.info(message),
    });
    for (const [kind, warning] of runWarnings(result, restored !== undefined)) {
      warnings.add(kind, warning);
    }
    if (result.redaction) core.info(describeRedaction(result.redaction));
    core.info(
      `Exported ${result.tally.exported} logs (${result.tally.filtered} filtered, ${result.tally.rejected.length} rejected); checkpoint ${result.checkpointAfter?.logId ?? 'none'}; caught up: ${result.caughtUp}`,
    );
    if (result.stoppedBy === 'cancelled')
      core.setFailed('The run was cancelled; its progress is kept.');
  } catch (error) {
    if (error instanceof ExportFailedError) result = error.result;
    report.error = errorMessage(error);
    core.setFailed(report.error);
    if (!(error instanceof ActionError) && error instanceof Error && error.stack) {
      core.debug(error.stack);
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    source?.close();
    sink?.close();
  }

  report.finishedAt = Date.now();
  report.result = result;
  report.auth0 = source && { ...source.stats, maxConcurrency: config.maxConcurrency };
  report.cloudwatch = dryRun ? undefined : sink?.stats;
  report.dryRun = dryRun?.stats;
  if (result) {
    const outputs = outputsOf(result, report.finishedAt, { dryRun: config.dryRun });
    for (const [name, value] of Object.entries(outputs)) {
      core.setOutput(name, value);
    }
  }
  if (config.metricsNamespace !== undefined && !config.dryRun) {
    // Every run past input validation reports, a failed or cancelled one too: an alarm on these
    // metrics is what notices a schedule that stopped running. A dry run writes nothing.
    const { sendRunMetrics } = await import('./cloudwatch/metrics.js');
    const outcome = await sendRunMetrics({
      namespace: config.metricsNamespace,
      target: {
        tenant: config.auth0Domain,
        logGroup: config.logGroup,
        logStream: config.logStream,
      },
      figures: runFigures(report, result),
      region: config.awsRegion,
      credentials: config.awsCredentials,
      // A cancelled run sends within the grace it has left before it exits, or gives up.
      deadline:
        signalledAt === undefined
          ? Date.now() + METRICS_TIMEOUT_MS
          : signalledAt + CANCEL_GRACE_MS - AFTER_METRICS_MS,
      log: (message) => core.info(message),
    });
    if (outcome.warning) warnings.add('metrics', outcome.warning);
  }
  const lag = result && !report.error ? lagSeconds(result, report.finishedAt) : undefined;
  const lagging =
    config.maxLagMinutes !== undefined && lag !== undefined && lag > config.maxLagMinutes * 60;
  if (lagging) {
    warnings.add(
      'lag',
      `The export is ${formatDuration(lag * 1000)} behind, more than the ${config.maxLagMinutes} minutes '${Input.MaxLagMinutes}' allows. Run it more often, raise '${Input.MaxDuration}', or check the Auth0 rate limits.`,
    );
  }
  // A dry run reports in the job summary only.
  if (config.slackWebhookUrl && !config.dryRun) {
    const reason: SlackReason | undefined =
      report.error !== undefined
        ? 'failed'
        : lagging
          ? 'lagging'
          : config.slackSendSuccess
            ? 'succeeded'
            : undefined;
    if (reason) {
      const { sendSlack, slackMessage } = await import('./report/slack.js');
      const failure = await sendSlack(
        config.slackWebhookUrl,
        slackMessage(report, reason, { runUrl: runUrl(env), maxLagMinutes: config.maxLagMinutes }),
      );
      if (failure) warnings.add('slack', failure);
    }
  }
  await writeSummary(renderSummary(report));
}

/** The figures the metrics carry: the run's outputs, with a failure and a cancellation counted as failed. */
function runFigures(report: RunReport, result: ExportResult | undefined): RunFigures {
  return {
    failed: report.error !== undefined || result?.stoppedBy === 'cancelled',
    exported: result?.tally.exported ?? 0,
    filtered: result?.tally.filtered ?? 0,
    rejected: result?.tally.rejected.length ?? 0,
    lagSeconds: result ? lagSeconds(result, report.finishedAt) : undefined,
    caughtUp: result?.caughtUp ?? false,
  };
}

function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  if (!server || !repository || !runId) return undefined;
  const attempt =
    env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1'
      ? `/attempts/${env.GITHUB_RUN_ATTEMPT}`
      : '';
  return `${server}/${repository}/actions/runs/${runId}${attempt}`;
}

async function restoreCheckpoint(
  store: CheckpointStore,
  config: Config,
): Promise<RestoredCheckpoint | undefined> {
  const restored = await store.restore();
  if (!restored) return undefined;
  const target = {
    tenant: config.auth0Domain,
    logGroup: config.logGroup,
    logStream: config.logStream,
  };
  if (!sameTarget(restored.record, target)) {
    const { tenant, logGroup, logStream } = restored.record;
    throw new ConfigError(
      Input.CheckpointKey,
      `The checkpoint under the key '${config.checkpointKey}' belongs to another export (${tenant} to ${logGroup}/${logStream}), not to ${target.tenant} to ${target.logGroup}/${target.logStream}. Give each export its own '${Input.CheckpointKey}', or leave it empty to derive one.`,
    );
  }
  return restored;
}

/** What a person should know about a run that still succeeded. */
function runWarnings(result: ExportResult, hadCheckpoint: boolean): [WarningKind, string][] {
  const warnings: [WarningKind, string][] = [];
  if (result.gap) {
    const from = result.gap.after.date ?? `the log ${result.gap.after.logId}`;
    const to = result.gap.firstRetained?.date ?? 'now';
    warnings.push([
      'gap',
      `Possible gap: the checkpoint's log ${result.gap.after.logId} is no longer retained by Auth0, so logs dated between ${from} and ${to} may be missing from the stream. Run the export more often than the tenant's log retention (1 day on free plans).`,
    ]);
  }
  if (!hadCheckpoint && result.startReason === 'stream' && result.streamTail) {
    warnings.push([
      'no-checkpoint',
      `No checkpoint was found in the store (a cache entry is evicted after 7 days unused; or the store or key changed): continued after the newest log already in the stream, ${result.streamTail.logId}.`,
    ]);
  }
  const redaction = result.redaction;
  // A run with nothing new to export proves nothing about the entries.
  const unmatched = redaction && redaction.logs > 0 ? redaction.unmatched : [];
  for (const entry of unmatched) {
    warnings.push([
      'redaction',
      `'${Input.RedactFields}' names '${entry}', which matched no value in the ${redaction?.logs} logs of this run. Check its spelling (keys are case-sensitive, and a dot path starts at the root of the log); docs/pii-fields.md lists where Auth0 puts each field.`,
    ]);
  }
  const { rejected } = result.tally;
  if (rejected.length > 0) {
    warnings.push([
      'rejected',
      `${rejected.length} logs could not be stored in CloudWatch and were counted and passed over: ${describeRejected(rejected)}. Their log_ids are listed in the job summary.`,
    ]);
  }
  return warnings;
}

/**
 * Masks every secret input as given, before it is checked: a value the config refuses (a key too
 * short, a URL with a typo) is a secret all the same.
 */
function maskSecretInputs(read: InputReader): void {
  for (const name of SECRET_INPUTS) {
    const value = read(name).trim();
    if (value !== '') core.setSecret(value);
  }
}

/** Field names and counts only: the values redacted are never printed. */
function describeRedaction(redaction: RedactionReport): string {
  const redacted = redaction.fields.filter((field) => field.values > 0);
  const total = redacted.reduce((sum, field) => sum + field.values, 0);
  const fields = redacted.map((field) => `${field.field} ${field.values}`).join(', ');
  return `Redacted (${redaction.method}) ${total} values${fields ? `: ${fields}` : ''}`;
}

async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(markdown).write();
  } catch (error) {
    core.warning(`Writing the job summary failed: ${errorMessage(error)}`);
  }
}
