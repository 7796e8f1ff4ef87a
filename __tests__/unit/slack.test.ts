/** The Slack message: what a person on call reads, never log contents. */
import { describe, expect, it } from 'vitest';
import type { ExportResult } from '../../src/pipeline/export.js';
import { Tally } from '../../src/pipeline/tally.js';
import { slackMessage } from '../../src/report/slack.js';
import type { RunReport } from '../../src/report/summary.js';

const NOW = Date.UTC(2026, 11, 1, 12);

function report(result: Partial<ExportResult>, error?: string): RunReport {
  return {
    tenant: 'acme.eu.auth0.com',
    logGroup: '/auth0/acme',
    logStream: 'tenant',
    startedAt: NOW - 5_000,
    finishedAt: NOW,
    warnings: [],
    error,
    result: {
      startReason: 'checkpoint',
      fetched: 0,
      tally: new Tally(),
      caughtUp: false,
      pages: 0,
      ...result,
    },
  };
}

/** The text of every field of the message's sections. */
function fields(message: ReturnType<typeof slackMessage>): string[] {
  return (message.blocks ?? []).flatMap((block) =>
    'fields' in block && Array.isArray(block.fields)
      ? block.fields.map((field: { text: string }) => field.text)
      : [],
  );
}

describe('the Slack message', () => {
  it('says a failed run does not know whether it caught up, rather than "no"', () => {
    const failed = fields(
      slackMessage(report({}, 'Auth0 refused the client credentials'), 'failed'),
    );
    expect(failed).toContain('*Caught up*\nunknown (the run failed)');
    const behind = fields(slackMessage(report({ caughtUp: false }), 'lagging'));
    expect(behind).toContain('*Caught up*\nno');
  });

  it('counts the values redacted, naming no field value', () => {
    const redaction = {
      method: 'hash' as const,
      logs: 10,
      fields: [
        { field: 'user_name', from: ['pii'], values: 7 },
        { field: 'ip', from: ['pii'], values: 10 },
      ],
      unmatched: [],
    };
    const message = slackMessage(report({ caughtUp: true, redaction }), 'succeeded');
    expect(fields(message)).toContain('*Redacted*\n17 values (hash)');
  });
});
