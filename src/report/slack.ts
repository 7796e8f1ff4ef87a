import { IncomingWebhook, type IncomingWebhookSendArguments } from '@slack/webhook';
import { errorMessage } from '../errors.js';
import { lagSeconds } from './outputs.js';
import { formatDuration, type RunReport } from './summary.js';

/** Slack should answer within seconds; a report never holds up the export for long. */
const SLACK_TIMEOUT_MS = 10_000;

export type SlackReason = 'failed' | 'succeeded' | 'lagging';

export interface SlackContext {
  /** Link to the workflow run, when known. */
  runUrl?: string;
  maxLagMinutes?: number;
}

/** Escapes text for Slack's mrkdwn: Slack asks for exactly these three characters. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The Block Kit message for a run: the summary's headline and counts, never log contents. */
export function slackMessage(
  report: RunReport,
  reason: SlackReason,
  context: SlackContext = {},
): IncomingWebhookSendArguments {
  const result = report.result;
  const target = `${report.logGroup ?? '?'} / ${report.logStream ?? '?'}`;
  const tenant = report.tenant ?? 'Auth0';
  const lag = result ? lagSeconds(result, report.finishedAt) : undefined;
  let headline: string;
  if (reason === 'failed') {
    headline = `:x: Auth0 log export failed for ${tenant}`;
  } else if (reason === 'lagging') {
    headline = `:warning: Auth0 log export for ${tenant} is ${lag === undefined ? 'behind' : `${formatDuration(lag * 1000)} behind`}`;
  } else {
    headline = `:white_check_mark: Exported ${result?.tally.exported ?? 0} Auth0 logs from ${tenant}`;
  }
  const fields: string[] = [
    `*Destination*\n${escapeSlack(target)}`,
    `*Exported*\n${result?.tally.exported ?? 0}`,
    `*Filtered out*\n${result?.tally.filtered ?? 0}`,
    `*Rejected*\n${result?.tally.rejected.length ?? 0}`,
    `*Caught up*\n${caughtUp(report)}`,
    `*Lag*\n${lag === undefined ? 'unknown' : formatDuration(lag * 1000)}`,
    `*Checkpoint*\n${escapeSlack(result?.checkpointAfter?.logId ?? 'none')}`,
    `*Duration*\n${formatDuration(report.finishedAt - report.startedAt)}`,
  ];
  const redaction = result?.redaction;
  if (redaction) {
    const values = redaction.fields.reduce((sum, field) => sum + field.values, 0);
    fields.push(`*Redacted*\n${values} values (${redaction.method})`);
  }
  const blocks: NonNullable<IncomingWebhookSendArguments['blocks']> = [
    { type: 'header', text: { type: 'plain_text', text: headline.slice(0, 150), emoji: true } },
  ];
  if (report.error !== undefined) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*What failed*\n${escapeSlack(report.error).slice(0, 2_900)}` },
    });
  }
  if (reason === 'lagging' && context.maxLagMinutes !== undefined) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `The newest exported log is older than the ${context.maxLagMinutes} minutes \`max-lag-minutes\` allows.`,
      },
    });
  }
  blocks.push({ type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) });
  if (report.warnings.length > 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Warnings*\n${report.warnings.map((w) => `• ${escapeSlack(w)}`).join('\n')}`.slice(
          0,
          2_900,
        ),
      },
    });
  }
  if (context.runUrl) {
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `<${context.runUrl}|View the workflow run and its job summary>` },
      ],
    });
  }
  return { text: headline, blocks };
}

/** Sends a report; a Slack failure is returned as a message to warn with, never thrown. */
export async function sendSlack(
  url: string,
  message: IncomingWebhookSendArguments,
): Promise<string | undefined> {
  try {
    await new IncomingWebhook(url, { timeout: SLACK_TIMEOUT_MS }).send(message);
    return undefined;
  } catch (error) {
    // The library's error may quote the URL, whose path is the webhook's secret.
    return `Sending the Slack report failed: ${errorMessage(error).replaceAll(url, '<webhook URL>')}`;
  }
}

/** A failed run stopped before it could know whether it reached the end of the tenant's logs. */
function caughtUp(report: RunReport): string {
  if (report.result?.caughtUp) return 'yes';
  return report.error === undefined ? 'no' : 'unknown (the run failed)';
}
