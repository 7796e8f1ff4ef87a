import type { DryRunStats } from '../cloudwatch/dry-run-sink.js';
import { describeLogType, findLogType } from '../logs/filter.js';
import type { LogPosition } from '../logs/log.js';
import type { ExportResult } from '../pipeline/export.js';
import type { SourceStats } from '../pipeline/ports.js';
import type { StartReason } from '../pipeline/start.js';
import { REJECT_LABELS } from '../pipeline/tally.js';
import type { RedactMethod } from '../logs/redact.js';
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
  /** With the most requests allowed in flight (`max-concurrency`). */
  auth0?: SourceStats & { maxConcurrency?: number };
  cloudwatch?: {
    puts: number;
    putRetries: number;
    putsFoundStored: number;
    eventsFoundStored: number;
  };
  checkpointSource?: string;
  /** The checkpoint the run restored, for a run that failed before its export began. */
  checkpointBefore?: LogPosition;
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
/** Days in the chart at most: the newest are kept (Auth0 keeps logs for 30 days at most). */
const MAX_CHART_DAYS = 48;
/** Up to this many bars, mermaid's default width fits their labels in full. */
const NARROW_CHART_BARS = 12;
/** The chart's width beyond NARROW_CHART_BARS: about the width of a job summary on github.com. */
const WIDE_CHART_PX = 1000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const START_REASONS: Record<StartReason, string> = {
  checkpoint: 'the stored checkpoint',
  stream: 'the newest log already in the stream',
  'start-from': "the 'start-from' input",
  'start-from-changed': "the 'start-from' input, changed since the checkpoint was written",
  'empty-tenant': 'nothing: the tenant has no logs yet',
};

/** The job summary, as GitHub-flavoured Markdown with HTML. Every Auth0-derived string is escaped. */
export function renderSummary(report: RunReport): string {
  const failed = report.error !== undefined;
  const sections = [
    failed ? failure(report) : headline(report),
    counts(report),
    failed ? '' : checkpoint(report.result, report.dryRun !== undefined),
    typeTable(report.result),
    redactionTable(report.result),
    chart(report.result),
    rejectedTable(report.result),
    warnings(report.warnings),
    runFacts(report),
  ];
  const text = `## Auth0 logs to CloudWatch\n\n${sections.filter(Boolean).join('\n')}`;
  // Every section is bounded; this guard only keeps a surprise from costing the whole summary.
  if (Buffer.byteLength(text) <= SUMMARY_MAX_BYTES - 1_024) return text;
  return `${text.slice(0, SUMMARY_MAX_BYTES / 2)}\n\n… (summary cut at GitHub's size limit)\n`;
}

/** 1234567 as "1,234,567": counts are read at a glance, whatever the reader's locale. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

function names(report: RunReport): { tenant: string; target: string } {
  const tenant = report.tenant ? `<code>${escapeHtml(report.tenant)}</code>` : 'Auth0';
  const target =
    report.logGroup !== undefined
      ? `<code>${escapeHtml(report.logGroup)}</code> / <code>${escapeHtml(report.logStream ?? '')}</code>`
      : 'CloudWatch';
  return { tenant, target };
}

/** The outcome of a run that did not fail; its figures are in the tables below, not repeated here. */
function headline(report: RunReport): string {
  if (report.dryRun) return dryRunHeadline(report, report.dryRun);
  const result = report.result;
  if (!result) return '';
  const { tenant, target } = names(report);
  const lag = lagSeconds(result, report.finishedAt);
  const behind = lag === undefined ? 'behind' : `${formatDuration(lag * 1000)} behind`;
  if (result.caughtUp) {
    const age =
      lag === undefined ? '' : ` The newest log exported is ${formatDuration(lag * 1000)} old.`;
    return `:white_check_mark: **The export from ${tenant} to ${target} is caught up.**${age}\n`;
  }
  if (result.stoppedBy === 'cancelled') {
    return `:warning: **The export from ${tenant} to ${target} was cancelled, ${behind}.** Its progress is kept; the next run continues after the checkpoint.\n`;
  }
  if (result.stoppedBy === 'max-duration') {
    return `:warning: **The export from ${tenant} to ${target} stopped at max-duration, ${behind}.** The next run continues after the checkpoint.\n`;
  }
  return `:warning: **The export from ${tenant} to ${target} is not caught up, ${behind}.**\n`;
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

function formatBytes(bytes: number): string {
  if (bytes < 1_024) return `${bytes} bytes`;
  if (bytes < 1_048_576) return `${(bytes / 1_024).toFixed(1)} KiB`;
  return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}

/**
 * A failed run: what it exported, where the checkpoint stays, and what is not known. The error is
 * an HTML block, where no URL it may hold becomes a link.
 */
function failure(report: RunReport): string {
  const { tenant, target } = names(report);
  const result = report.result;
  const exported = result?.tally.exported ?? 0;
  // Where the next run starts: the checkpoint as the run left it, or as it found it.
  const next =
    result?.checkpointAfter ??
    result?.startedAfter ??
    result?.checkpointBefore ??
    report.checkpointBefore;
  const lines = [
    `:x: **The export from ${tenant} to ${target} failed.**`,
    '',
    `<p>${oneLine(escapeHtml(report.error ?? ''))}</p>`,
    '',
    exported === 0
      ? '- **Exported**: nothing in this run.'
      : `- **Exported**: ${formatCount(exported)} log${exported === 1 ? '' : 's'} before the failure.`,
    !next
      ? "- **Checkpoint**: none yet; the next run starts where 'start-from' says, or after the newest log already in the stream."
      : exported > 0
        ? `- **Checkpoint**: moved to log ${position(next)}; the next run continues after it.`
        : `- **Checkpoint**: stays at log ${position(next)}; the next run starts after it.`,
    '- **Caught up**: unknown; the run stopped before it read to the end of the tenant’s logs.',
  ];
  const lag = result ? lagSeconds(result, report.finishedAt) : undefined;
  lines.push(
    lag === undefined
      ? '- **Behind**: unknown.'
      : `- **Behind**: at least ${formatDuration(lag * 1000)} (the age of the newest log exported; how many logs wait in Auth0 is unknown).`,
  );
  return `${lines.join('\n')}\n`;
}

/** How many logs the run handled, in one column of right-aligned figures. */
function counts(report: RunReport): string {
  const result = report.result;
  if (!result) return '';
  // A run that failed before it read a page has no counts to show: the failure says "nothing".
  if (report.error !== undefined && result.fetched === 0) return '';
  const rows: [string, number][] = [
    ['fetched from Auth0', result.fetched],
    [
      report.dryRun ? 'would be exported (dry run)' : 'exported to CloudWatch',
      result.tally.exported,
    ],
    ['filtered out (log-level, log-types)', result.tally.filtered],
    ['rejected by CloudWatch (counted, not stored)', result.tally.rejected.length],
  ];
  if (report.cloudwatch?.eventsFoundStored) {
    rows.push([
      'of these exported: found stored after an unclear put, not sent twice',
      report.cloudwatch.eventsFoundStored,
    ]);
  }
  const title = report.error !== undefined ? 'Logs before the failure' : 'Logs in this run';
  return table(
    [title, 'count'],
    rows.map(([label, value]) => [label, formatCount(value)]),
    ['left', 'right'],
  );
}

/** Where the run started and where the next one will. */
function checkpoint(result: ExportResult | undefined, dryRun: boolean): string {
  if (!result) return '';
  const start = `The run started after ${START_REASONS[result.startReason]}`;
  if (dryRun) {
    const at = result.checkpointBefore ?? result.startedAfter;
    return at
      ? `**Checkpoint**: stays at log ${position(at)} (dry run). ${start}.\n`
      : `**Checkpoint**: none, and none saved (dry run). ${start}.\n`;
  }
  const before = result.checkpointBefore;
  const after = result.checkpointAfter;
  if (!after) {
    const at = before ?? result.startedAfter;
    return at
      ? `**Checkpoint**: stays at log ${position(at)}; nothing new was exported. ${start}.\n`
      : `**Checkpoint**: none yet. ${start}.\n`;
  }
  if (!before) return `**Checkpoint**: set to log ${position(after)}. ${start}.\n`;
  return `**Checkpoint**: moved from log ${position(before)} to ${position(after)}. ${start}.\n`;
}

/** Duration, the pace and the calls made, as one sentence. */
function runFacts(report: RunReport): string {
  const parts: string[] = [];
  if (report.auth0) {
    const a = report.auth0;
    const answered = a.rateLimited ? `, ${formatCount(a.rateLimited)} answered 429` : '';
    const waits =
      a.rateLimitWaits === 0
        ? `no rate-limit waits${answered}`
        : `${formatCount(a.rateLimitWaits)} held back by the rate limit for ${formatDuration(a.rateLimitWaitMs)} in all${answered}`;
    const inFlight =
      a.peakConcurrency === undefined
        ? ''
        : `; at most ${a.peakConcurrency} of ${a.maxConcurrency ?? a.peakConcurrency} in flight${a.segments ? `, over ${formatCount(a.segments)} segment${a.segments === 1 ? '' : 's'} and ${formatCount(a.searches ?? 0)} boundary search${a.searches === 1 ? '' : 'es'}` : ''}`;
    parts.push(
      `${formatCount(a.requests)} Auth0 request${a.requests === 1 ? '' : 's'} (${retried(a.retries)}, ${waits}${inFlight})`,
    );
  }
  if (report.cloudwatch) {
    const c = report.cloudwatch;
    parts.push(
      c.puts === 0
        ? 'no CloudWatch puts'
        : `${formatCount(c.puts)} CloudWatch put${c.puts === 1 ? '' : 's'} (${retried(c.putRetries)})`,
    );
  }
  const calls = parts.length > 0 ? `: ${parts.join(' and ')}` : '';
  const duration = report.finishedAt - report.startedAt;
  const fetched = report.result?.fetched ?? 0;
  const pace =
    fetched > 0 && duration > 0
      ? ` (${formatCount(Math.round(fetched / (duration / 1000)))} logs read a second)`
      : '';
  return `The run took ${formatDuration(duration)}${pace}${calls}.\n`;
}

function retried(count: number): string {
  return count === 0 ? 'none retried' : `${formatCount(count)} retried`;
}

function typeTable(result: ExportResult | undefined): string {
  if (!result || result.tally.types.size === 0) return '';
  const entries = [...result.tally.types].sort(
    ([a, x], [b, y]) => total(y) - total(x) || a.localeCompare(b),
  );
  // A column of zeros says nothing; exported is always shown.
  const fields = (['exported', 'filtered', 'rejected'] as const).filter(
    (field) => field === 'exported' || entries.some(([, count]) => count[field] > 0),
  );
  const rows = entries
    .slice(0, MAX_TYPE_ROWS)
    .map(([type, count]) => [
      `<code>${escapeHtml(type)}</code>`,
      escapeHtml(describeLogType(type)),
      ...fields.map((field) => formatCount(count[field])),
    ]);
  const rest = entries.slice(MAX_TYPE_ROWS);
  if (rest.length > 0) {
    const sum = (field: (typeof fields)[number]): string =>
      formatCount(rest.reduce((acc, [, count]) => acc + count[field], 0));
    rows.push([`${formatCount(rest.length)} more types`, '', ...fields.map(sum)]);
  }
  const unknown = entries.filter(([type]) => !findLogType(type)).map(([type]) => type);
  const note =
    unknown.length > 0
      ? `\nTypes the catalog does not know (exported unless listed in \`exclude-log-types\`): ${unknown
          .slice(0, MAX_TYPE_ROWS)
          .map((type) => `<code>${escapeHtml(type)}</code>`)
          .join(', ')}${unknown.length > MAX_TYPE_ROWS ? ' …' : ''}.\n`
      : '';
  return `### Log types\n\n${table(['type', 'name', ...fields], rows, [
    'left',
    'left',
    ...fields.map(() => 'right' as const),
  ])}${note}`;
}

function total(count: { exported: number; filtered: number; rejected: number }): number {
  return count.exported + count.filtered + count.rejected;
}

interface Bucket {
  /** ISO hour (2026-11-24T10) or day (2026-11-24). */
  key: string;
  success: number;
  failure: number;
  other: number;
}

/**
 * A Mermaid bar chart of exported logs per hour (or per day), the value axis from 0 so that bar
 * heights compare. xychart-beta draws the bars of one slot on top of each other and has no legend,
 * so the key above it names the bands: all logs behind, failures and other above, failures in front.
 */
function chart(result: ExportResult | undefined): string {
  if (!result || result.tally.hourly.size === 0) return '';
  const hours = [...result.tally.hourly]
    .map(([key, c]) => ({ key, ...c }))
    .sort((a, b) => a.key.localeCompare(b.key));
  // An hour of the clock names one bar only while the hours charted lie within one day: over a
  // longer span the chart is per day, as two bars of one name are drawn in one place.
  const daily = slotStart(hours[hours.length - 1]!.key) - slotStart(hours[0]!.key) >= DAY_MS;
  const buckets = everySlot(hours, daily);
  const first = buckets[0]!;
  const last = buckets[buckets.length - 1]!;
  const slotMs = daily ? DAY_MS : HOUR_MS;
  const from = result.tally.firstExportedAt;
  const to = result.tally.lastExportedAt;
  // A slot is partial when the run's logs begin after its start or end before its end: the logs
  // of the rest of that hour were exported by another run, or are still to come.
  const firstPartial = from !== undefined && from > slotStart(first.key);
  const lastPartial = to !== undefined && to < slotStart(last.key) + slotMs - 1_000;
  const wide = buckets.length > NARROW_CHART_BARS;
  // Labels name their bars one each: mermaid draws bars of one name in one place.
  const named = new Set<string>();
  const label = (bucket: Bucket, index: number): string => {
    let text: string;
    if (!daily) {
      // Midnight shows where the second date of the heading begins.
      text = wide ? bucket.key.slice(11, 13) : `${bucket.key.slice(11, 13)}:00`;
    } else {
      // Many days: the day of the month, and the month where it starts (and at the first bar).
      const monthShown = !wide || index === 0 || bucket.key.endsWith('-01');
      text = monthShown ? bucket.key.slice(5) : bucket.key.slice(8);
      if (named.has(text)) text = bucket.key.slice(5);
    }
    named.add(text);
    const partial = (index === 0 && firstPartial) || (index === buckets.length - 1 && lastPartial);
    return JSON.stringify(partial ? `${text}*` : text);
  };
  const all = buckets.map((c) => c.success + c.failure + c.other);
  const notSuccess = buckets.map((c) => c.failure + c.other);
  const failures = buckets.map((c) => c.failure);
  const unit = daily ? 'day' : 'hour';
  const range = dateRange(first, last, daily);
  const partial: string[] = [];
  const clock = (ms: number): string => {
    const iso = new Date(ms).toISOString();
    return daily ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
  };
  if (first === last && (firstPartial || lastPartial)) {
    partial.push(
      `the only ${unit} counts logs from ${clock(from ?? slotStart(first.key))} to ${clock(to ?? slotStart(last.key) + slotMs)} UTC`,
    );
  } else {
    if (firstPartial) partial.push(`the first ${unit} counts logs from ${clock(from)} UTC on`);
    if (lastPartial) partial.push(`the last ${unit} counts logs up to ${clock(to)} UTC`);
  }
  const partialNote = partial.length > 0 ? ` \\* Partial ${unit}: ${partial.join('; ')}.` : '';
  return [
    `### Exported logs per ${unit}, ${range}`,
    '',
    `Key: green = successes, amber = other (warnings, notices and types the catalog does not know), red = failures; each bar's full height is all logs exported from that ${unit}.${partialNote}`,
    '',
    '```mermaid',
    `%%{init: {${wide ? `"xyChart": {"width": ${WIDE_CHART_PX}}, ` : ''}"themeVariables": {"xyChart": {"plotColorPalette": "#2da44e, #bf8700, #cf222e"}}}}%%`,
    'xychart-beta',
    `  x-axis "${unit} (UTC)" [${buckets.map(label).join(', ')}]`,
    `  y-axis "logs" 0 --> ${axisTop(Math.max(...all))}`,
    `  bar [${all.join(', ')}]`,
    `  bar [${notSuccess.join(', ')}]`,
    `  bar [${failures.join(', ')}]`,
    '```',
    '',
  ].join('\n');
}

/** The start (ms) of an ISO hour (2026-11-24T10) or day (2026-11-24). */
function slotStart(key: string): number {
  return Date.parse(key.length > 10 ? `${key}:00:00Z` : `${key}T00:00:00Z`);
}

/**
 * Every hour, or every day, from the first of `hours` to the last (the newest MAX_CHART_DAYS
 * days), those without logs as empty bars.
 */
function everySlot(hours: Bucket[], daily: boolean): Bucket[] {
  const keyLength = daily ? 10 : 13;
  const stepMs = daily ? DAY_MS : HOUR_MS;
  const slots = new Map<string, Bucket>();
  const empty = (key: string): Bucket => ({ key, success: 0, failure: 0, other: 0 });
  for (const hour of hours) {
    const key = hour.key.slice(0, keyLength);
    const slot = slots.get(key) ?? empty(key);
    slot.success += hour.success;
    slot.failure += hour.failure;
    slot.other += hour.other;
    slots.set(key, slot);
  }
  const end = slotStart(hours[hours.length - 1]!.key.slice(0, keyLength));
  let start = slotStart(hours[0]!.key.slice(0, keyLength));
  if (daily) start = Math.max(start, end - (MAX_CHART_DAYS - 1) * DAY_MS);
  const buckets: Bucket[] = [];
  for (let at = start; at <= end; at += stepMs) {
    const key = new Date(at).toISOString().slice(0, keyLength);
    buckets.push(slots.get(key) ?? empty(key));
  }
  return buckets;
}

/** "2026-11-24 (UTC)", or "2026-11-23 to 2026-11-24 (UTC)" when the bars span several days. */
function dateRange(first: Bucket, last: Bucket, daily: boolean): string {
  const a = first.key.slice(0, 10);
  const b = last.key.slice(0, 10);
  if (a === b && !daily) return `${a} (UTC)`;
  return `${a} to ${b} (UTC)`;
}

/**
 * The top of the value axis: a round figure at or above the tallest bar, plus 5%. Mermaid labels a
 * tick that falls on the axis' very top half outside the chart, where it is cut off.
 */
export function axisTop(tallest: number): number {
  return Number((niceCeiling(tallest) * 1.05).toPrecision(6));
}

/** The smallest of 1, 2, 2.5, 5 × 10^n at or above `value`. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

const REDACT_METHOD_LABELS: Record<RedactMethod, string> = {
  hash: 'replaced by an HMAC-SHA256 token (`redact-method: hash`)',
  mask: 'replaced by `[redacted]` (`redact-method: mask`)',
  drop: 'removed (`redact-method: drop`)',
};

/** Fields and counts only: never a redacted value, nor the key. */
function redactionTable(result: ExportResult | undefined): string {
  const redaction = result?.redaction;
  if (!redaction) return '';
  const rows = redaction.fields
    .filter((field) => field.values > 0)
    .map((field) => [
      `<code>${escapeHtml(field.field)}</code>`,
      formatCount(field.values),
      field.from.map((entry) => `<code>${escapeHtml(entry)}</code>`).join(', '),
    ]);
  const intro = `Values ${REDACT_METHOD_LABELS[redaction.method]}, in ${formatCount(redaction.logs)} logs, before they left the runner.`;
  const body =
    rows.length > 0
      ? table(['field', 'values', 'from redact-fields'], rows, ['left', 'right', 'left'])
      : 'No field named in `redact-fields` held a value in these logs.\n';
  return `### Redacted\n\n${intro}\n\n${body}`;
}

function rejectedTable(result: ExportResult | undefined): string {
  if (!result || result.tally.rejected.length === 0) return '';
  const rows = [...result.tally.rejectedByReason()].map(([reason, ids]) => {
    const listed = ids.slice(0, MAX_LISTED_IDS).map((id) => `<code>${escapeHtml(id)}</code>`);
    const more =
      ids.length > MAX_LISTED_IDS ? ` and ${formatCount(ids.length - MAX_LISTED_IDS)} more` : '';
    return [
      escapeHtml(REJECT_LABELS[reason]),
      formatCount(ids.length),
      `${listed.join(' ')}${more}`,
    ];
  });
  return `### Logs CloudWatch could not store\n\n${table(['reason', 'count', 'log_ids'], rows, ['left', 'right', 'left'])}`;
}

/**
 * Warnings as one HTML block of paragraphs: messages quote errors, and no URL in them becomes a
 * link there (cmark-gfm autolinks only Markdown text).
 */
function warnings(list: string[]): string {
  if (list.length === 0) return '';
  const shown = list
    .slice(0, MAX_WARNINGS)
    .map((warning) => `<p>• ${oneLine(escapeHtml(warning.slice(0, MAX_WARNING_CHARS)))}</p>`);
  if (list.length > MAX_WARNINGS) {
    shown.push(`<p>… and ${formatCount(list.length - MAX_WARNINGS)} more</p>`);
  }
  return `### Warnings\n\n${shown.join('\n')}\n`;
}

/** An HTML block ends at a blank line, so text inside one is kept to one line. */
function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}

type Align = 'left' | 'right';

/** A Markdown table; cells must already be escaped. Pipes and newlines are made safe here. */
function table(header: string[], rows: string[][], align: Align[] = []): string {
  const cell = (text: string): string => text.replace(/\|/g, '&#124;').replace(/\r?\n/g, ' ');
  const lines = [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map((_, i) => (align[i] === 'right' ? '---:' : '---')).join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}

function position(value: LogPosition): string {
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
