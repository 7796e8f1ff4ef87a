import type { DryRunStats } from '../cloudwatch/dry-run-sink.js';
import { describeLogType, findLogType } from '../logs/filter.js';
import type { ExportResult } from '../pipeline/export.js';
import type { StartReason } from '../pipeline/start.js';
import { REJECT_LABELS } from '../pipeline/tally.js';
import { escapeHtml } from './escape.js';
import { lagSeconds } from './outputs.js';

export interface RunReport {
  tenant?: string;
  logGroup?: string;
  logStream?: string;
  result?: ExportResult;
  /** The message of the error that ended the run, if it failed. */
  error?: string;
  startedAt: number;
  finishedAt: number;
  auth0?: { requests: number; retries: number; rateLimitWaits: number; rateLimitWaitMs: number };
  cloudwatch?: {
    puts: number;
    putRetries: number;
    putsFoundStored: number;
    eventsFoundStored: number;
  };
  checkpointSource?: string;
  /** Set for a dry run: what would have been sent. */
  dryRun?: DryRunStats;
  warnings: string[];
}

/**
 * CloudWatch Logs' list price for ingesting standard-class logs in us-east-1, USD per GB (2026).
 * Other regions and the infrequent-access class differ: the summary says it is an estimate.
 */
export const INGESTION_USD_PER_GB = 0.5;

/** GitHub refuses a step summary over 1 MiB; everything below is bounded well under it. */
export const SUMMARY_MAX_BYTES = 1_048_576;
/** log_ids listed per rejection reason; the rest are counted. */
const MAX_LISTED_IDS = 20;
const MAX_TYPE_ROWS = 20;
const MAX_WARNINGS = 30;
const MAX_WARNING_CHARS = 1_000;
/** Bars in the chart; a longer backlog is charted per day. */
const MAX_CHART_BARS = 48;

const START_REASONS: Record<StartReason, string> = {
  checkpoint: 'the stored checkpoint',
  stream: 'the newest log already in the stream',
  'start-from': "the 'start-from' input",
  'start-from-changed': "the 'start-from' input, changed since the checkpoint was written",
  'empty-tenant': 'nothing: the tenant has no logs yet',
};

/** The job summary, as GitHub-flavoured Markdown with HTML. Every Auth0-derived string is escaped. */
export function renderSummary(report: RunReport): string {
  const sections = [
    headline(report),
    counts(report),
    typeTable(report.result),
    chart(report.result),
    rejectedTable(report.result),
    warnings(report.warnings),
  ];
  const text = `## Auth0 logs to CloudWatch\n\n${sections.filter(Boolean).join('\n')}`;
  // Every section is bounded; this guard only keeps a surprise from costing the whole summary.
  if (Buffer.byteLength(text) <= SUMMARY_MAX_BYTES - 1_024) return text;
  return `${text.slice(0, SUMMARY_MAX_BYTES / 2)}\n\n… (summary cut at GitHub's size limit)\n`;
}

function headline(report: RunReport): string {
  if (report.dryRun && report.error === undefined) return dryRunHeadline(report, report.dryRun);
  const result = report.result;
  const tenant = report.tenant ? `<code>${escapeHtml(report.tenant)}</code>` : 'Auth0';
  const target =
    report.logGroup !== undefined
      ? `<code>${escapeHtml(report.logGroup)}</code> / <code>${escapeHtml(report.logStream ?? '')}</code>`
      : 'CloudWatch';
  if (report.error !== undefined) {
    const kept = result?.checkpointAfter
      ? ` Progress up to log <code>${escapeHtml(result.checkpointAfter.logId)}</code> is kept; the next run continues from there.`
      : ' The checkpoint did not move.';
    return `:x: **The export from ${tenant} to ${target} failed.** ${escapeHtml(report.error)}\n\n${kept.trim()}\n`;
  }
  if (!result) return '';
  const state = result.caughtUp
    ? 'caught up'
    : result.stoppedBy === 'cancelled'
      ? 'cancelled; progress kept'
      : result.stoppedBy === 'max-duration'
        ? `stopped at max-duration, ${behind(result, report.finishedAt)}`
        : 'not caught up';
  return `:white_check_mark: Exported **${result.tally.exported}** logs from ${tenant} to ${target} (${state}).\n`;
}

function dryRunHeadline(report: RunReport, stats: DryRunStats): string {
  const tenant = report.tenant ? `<code>${escapeHtml(report.tenant)}</code>` : 'Auth0';
  const group = `<code>${escapeHtml(report.logGroup ?? '')}</code>`;
  const target = `${group} / <code>${escapeHtml(report.logStream ?? '')}</code>`;
  const exported = report.result?.tally.exported ?? 0;
  const lines = [':test_tube: **Dry run: nothing was written.**'];
  if (exported === 0) {
    lines.push(`It would have exported no logs from ${tenant} to ${target}.`);
  } else {
    const range =
      stats.firstLogId === undefined
        ? ''
        : `, log_ids <code>${escapeHtml(stats.firstLogId)}</code> to <code>${escapeHtml(stats.lastLogId ?? '')}</code>`;
    lines.push(
      `It would have exported **${formatCount(exported)}** logs from ${tenant} to ${target}: ${formatCount(stats.events)} events, ${formatBytes(stats.bytes)} in ${formatCount(stats.puts)} PutLogEvents calls${range}.`,
    );
    const gb = stats.bytes / 1e9;
    lines.push(
      `Estimated ingestion cost: about USD ${(gb * INGESTION_USD_PER_GB).toFixed(4)} (${gb.toFixed(6)} GB at USD ${INGESTION_USD_PER_GB.toFixed(2)} per GB, the standard class's list price in us-east-1; other regions differ).`,
    );
  }
  if (stats.wouldCreate) {
    lines.push(
      stats.wouldCreate === 'group'
        ? `The log group ${group} does not exist yet: a real run creates it and the stream.`
        : `The log stream does not exist yet: a real run creates it.`,
    );
  }
  lines.push(
    'No event was put, no log group or stream created, no retention set, no metrics sent and no checkpoint saved: the next real run starts where this one did.',
  );
  return `${lines.join('\n\n')}\n`;
}

function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

function formatBytes(bytes: number): string {
  if (bytes < 1_024) return `${bytes} bytes`;
  if (bytes < 1_048_576) return `${(bytes / 1_024).toFixed(1)} KiB`;
  return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}

function behind(result: ExportResult, now: number): string {
  const lag = lagSeconds(result, now);
  return lag === undefined ? 'behind' : `${formatDuration(lag * 1000)} behind`;
}

function counts(report: RunReport): string {
  const result = report.result;
  const rows: [string, string | number][] = [];
  if (result) {
    const lag = lagSeconds(result, report.finishedAt);
    rows.push(
      ['Fetched from Auth0', result.fetched],
      [
        report.dryRun ? 'Would be exported (dry run)' : 'Exported to CloudWatch',
        result.tally.exported,
      ],
      ['Filtered out (log-level, log-types)', result.tally.filtered],
      ['Rejected (counted, not stored)', result.tally.rejected.length],
    );
    if (report.cloudwatch?.eventsFoundStored) {
      rows.push([
        'Duplicates avoided (puts found stored after an unclear failure)',
        report.cloudwatch.eventsFoundStored,
      ]);
    }
    rows.push(
      ['Started after', START_REASONS[result.startReason]],
      ['Checkpoint before', position(result.checkpointBefore)],
      [
        'Checkpoint after',
        report.dryRun ? 'unchanged (dry run)' : position(result.checkpointAfter),
      ],
      [
        'Caught up',
        result.caughtUp ? 'yes' : `no${result.stoppedBy ? ` (${result.stoppedBy})` : ''}`,
      ],
    );
    if (lag !== undefined)
      rows.push(['Lag (now − newest log processed)', formatDuration(lag * 1000)]);
  }
  rows.push(['Duration', formatDuration(report.finishedAt - report.startedAt)]);
  if (report.auth0) {
    const a = report.auth0;
    rows.push([
      'Auth0 requests',
      `${a.requests} (${a.retries} retried; ${a.rateLimitWaits} rate-limit waits, ${formatDuration(a.rateLimitWaitMs)})`,
    ]);
  }
  if (report.cloudwatch) {
    rows.push([
      'CloudWatch puts',
      `${report.cloudwatch.puts} (${report.cloudwatch.putRetries} retried)`,
    ]);
  }
  return table(
    ['', ''],
    rows.map(([label, value]) => [label, String(value)]),
  );
}

function typeTable(result: ExportResult | undefined): string {
  if (!result || result.tally.types.size === 0) return '';
  const entries = [...result.tally.types].sort(
    ([a, x], [b, y]) => total(y) - total(x) || a.localeCompare(b),
  );
  const rows = entries
    .slice(0, MAX_TYPE_ROWS)
    .map(([type, count]) => [
      `<code>${escapeHtml(type)}</code>`,
      escapeHtml(describeLogType(type)),
      String(count.exported),
      String(count.filtered),
      String(count.rejected),
    ]);
  const rest = entries.slice(MAX_TYPE_ROWS);
  if (rest.length > 0) {
    const sum = (field: 'exported' | 'filtered' | 'rejected'): string =>
      String(rest.reduce((acc, [, count]) => acc + count[field], 0));
    rows.push([`${rest.length} more types`, '', sum('exported'), sum('filtered'), sum('rejected')]);
  }
  const unknown = entries.filter(([type]) => !findLogType(type)).map(([type]) => type);
  const note =
    unknown.length > 0
      ? `\nTypes the catalog does not know (exported unless listed in \`exclude-log-types\`): ${unknown
          .slice(0, MAX_TYPE_ROWS)
          .map((type) => `<code>${escapeHtml(type)}</code>`)
          .join(', ')}${unknown.length > MAX_TYPE_ROWS ? ' …' : ''}.\n`
      : '';
  return `### Log types\n\n${table(['type', 'name', 'exported', 'filtered', 'rejected'], rows)}${note}`;
}

function total(count: { exported: number; filtered: number; rejected: number }): number {
  return count.exported + count.filtered + count.rejected;
}

/** A Mermaid bar chart of exported logs per hour (or per day), stacked as all, failures+other, failures. */
function chart(result: ExportResult | undefined): string {
  if (!result || result.tally.hourly.size === 0) return '';
  let buckets = [...result.tally.hourly].sort(([a], [b]) => a.localeCompare(b));
  let unit = 'hour (UTC)';
  if (buckets.length > MAX_CHART_BARS) {
    const days = new Map<string, { success: number; failure: number; other: number }>();
    for (const [hour, count] of buckets) {
      const day = days.get(hour.slice(0, 10)) ?? { success: 0, failure: 0, other: 0 };
      day.success += count.success;
      day.failure += count.failure;
      day.other += count.other;
      days.set(hour.slice(0, 10), day);
    }
    buckets = [...days].slice(-MAX_CHART_BARS);
    unit = 'day (UTC)';
  }
  const labels = buckets.map(([key]) =>
    JSON.stringify(key.length > 10 ? `${key.slice(11, 13)}:00` : key.slice(5)),
  );
  const all = buckets.map(([, c]) => c.success + c.failure + c.other);
  const notSuccess = buckets.map(([, c]) => c.failure + c.other);
  const failures = buckets.map(([, c]) => c.failure);
  return [
    `### Exported logs per ${unit}`,
    '',
    'Bars from back to front: all logs (green), failures and other (amber), failures (red).',
    '',
    '```mermaid',
    '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#2da44e, #bf8700, #cf222e"}}}}%%',
    'xychart-beta',
    `  x-axis [${labels.join(', ')}]`,
    '  y-axis "logs"',
    `  bar [${all.join(', ')}]`,
    `  bar [${notSuccess.join(', ')}]`,
    `  bar [${failures.join(', ')}]`,
    '```',
    '',
  ].join('\n');
}

function rejectedTable(result: ExportResult | undefined): string {
  if (!result || result.tally.rejected.length === 0) return '';
  const rows = [...result.tally.rejectedByReason()].map(([reason, ids]) => {
    const listed = ids.slice(0, MAX_LISTED_IDS).map((id) => `<code>${escapeHtml(id)}</code>`);
    const more = ids.length > MAX_LISTED_IDS ? ` and ${ids.length - MAX_LISTED_IDS} more` : '';
    return [escapeHtml(REJECT_LABELS[reason]), String(ids.length), `${listed.join(' ')}${more}`];
  });
  return `### Logs CloudWatch could not store\n\n${table(['reason', 'count', 'log_ids'], rows)}`;
}

function warnings(list: string[]): string {
  if (list.length === 0) return '';
  const shown = list
    .slice(0, MAX_WARNINGS)
    .map((warning) => `- ${escapeHtml(warning.slice(0, MAX_WARNING_CHARS))}`);
  if (list.length > MAX_WARNINGS) shown.push(`- … and ${list.length - MAX_WARNINGS} more`);
  return `### Warnings\n\n${shown.join('\n')}\n`;
}

/** A Markdown table; cells must already be escaped. Pipes and newlines are made safe here. */
function table(header: string[], rows: string[][]): string {
  const cell = (text: string): string => text.replace(/\|/g, '&#124;').replace(/\r?\n/g, ' ');
  const lines = [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}

function position(value: { logId: string; date?: string } | undefined): string {
  if (!value) return 'none';
  const date = value.date ? ` (${escapeHtml(value.date)})` : '';
  return `<code>${escapeHtml(value.logId)}</code>${date}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days ${hours % 24} h`;
}
