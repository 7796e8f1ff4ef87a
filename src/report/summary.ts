import type { ExportResult } from '../export.js';
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
  cloudwatch?: { puts: number; putRetries: number; putsFoundStored: number };
  checkpointSource?: string;
  warnings: string[];
}

/** log_ids listed per rejection reason; the rest are counted. */
const MAX_LISTED_IDS = 20;

export const REJECT_LABELS: Record<string, string> = {
  'too-old': 'older than 14 days',
  expired: "older than the group's retention",
  'too-new': 'over 2 hours in the future',
  'too-large': 'over the 1 MiB event limit',
  'bad-date': 'no valid date',
};

const START_REASONS: Record<ExportResult['startReason'], string> = {
  checkpoint: 'the stored checkpoint',
  stream: 'the newest log already in the stream',
  'start-from': "the 'start-from' input",
  'start-from-changed': "the 'start-from' input, changed since the checkpoint was written",
  'empty-tenant': 'nothing: the tenant has no logs yet',
};

/** The job summary, as Markdown with HTML tables. Every Auth0-derived string is escaped. */
export function renderSummary(report: RunReport): string {
  const lines: string[] = [];
  const target =
    report.logGroup !== undefined
      ? `<code>${escapeHtml(report.logGroup)}</code> / <code>${escapeHtml(report.logStream ?? '')}</code>`
      : 'CloudWatch';
  const tenant = report.tenant ? `<code>${escapeHtml(report.tenant)}</code>` : 'Auth0';
  const result = report.result;

  lines.push('## Auth0 logs to CloudWatch', '');
  if (report.error !== undefined) {
    lines.push(`:x: **The export failed.** ${escapeHtml(report.error)}`, '');
    if (result?.checkpointAfter) {
      lines.push(
        `Progress up to log <code>${escapeHtml(result.checkpointAfter.logId)}</code> is kept; the next run continues from there.`,
        '',
      );
    }
  } else if (result) {
    const verb = result.caughtUp
      ? 'caught up'
      : result.stoppedBy === 'cancelled'
        ? 'cancelled'
        : 'not yet caught up';
    lines.push(
      `:white_check_mark: Exported **${result.exported}** logs from ${tenant} to ${target} (${verb}).`,
      '',
    );
  }

  if (result) {
    const lag = lagSeconds(result, report.finishedAt);
    lines.push('| | |', '|---|---|');
    const row = (label: string, value: string | number): void => {
      lines.push(`| ${label} | ${value} |`);
    };
    row('Fetched from Auth0', result.fetched);
    row('Exported to CloudWatch', result.exported);
    row('Filtered out (log-level / log-types)', result.filtered);
    row('Rejected (counted, not stored)', result.rejected.length);
    row('Started after', START_REASONS[result.startReason]);
    row('Checkpoint before', position(result.checkpointBefore));
    row('Checkpoint after', position(result.checkpointAfter));
    row(
      'Caught up',
      result.caughtUp ? 'yes' : `no${result.stoppedBy ? ` (${result.stoppedBy})` : ''}`,
    );
    if (lag !== undefined) row('Lag (now − newest log processed)', formatDuration(lag * 1000));
    row('Duration', formatDuration(report.finishedAt - report.startedAt));
    if (report.auth0) {
      row(
        'Auth0 requests',
        `${report.auth0.requests} (${report.auth0.retries} retried, ${report.auth0.rateLimitWaits} rate-limit waits, ${formatDuration(report.auth0.rateLimitWaitMs)} waiting)`,
      );
    }
    if (report.cloudwatch) {
      const extra = report.cloudwatch.putsFoundStored
        ? `, ${report.cloudwatch.putsFoundStored} found stored after an unclear failure`
        : '';
      row(
        'CloudWatch puts',
        `${report.cloudwatch.puts} (${report.cloudwatch.putRetries} retried${extra})`,
      );
    }
    lines.push('');
  } else {
    lines.push(`Duration: ${formatDuration(report.finishedAt - report.startedAt)}`, '');
  }

  if (result && result.rejected.length > 0) {
    lines.push('### Logs CloudWatch could not store', '');
    lines.push('| reason | count | log_ids |', '|---|---|---|');
    const byReason = new Map<string, string[]>();
    for (const { logId, reason } of result.rejected) {
      byReason.set(reason, [...(byReason.get(reason) ?? []), logId]);
    }
    for (const [reason, ids] of byReason) {
      const shownIds = ids.slice(0, MAX_LISTED_IDS).map((id) => `<code>${escapeHtml(id)}</code>`);
      const more = ids.length > MAX_LISTED_IDS ? ` and ${ids.length - MAX_LISTED_IDS} more` : '';
      lines.push(
        `| ${escapeHtml(REJECT_LABELS[reason] ?? reason)} | ${ids.length} | ${shownIds.join(' ')}${more} |`,
      );
    }
    lines.push('');
  }

  if (report.warnings.length > 0) {
    lines.push('### Warnings', '');
    for (const warning of report.warnings) lines.push(`- ${escapeHtml(warning)}`);
    lines.push('');
  }
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
