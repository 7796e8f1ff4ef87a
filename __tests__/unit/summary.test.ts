import { describe, expect, it } from 'vitest';
import type { ExportResult } from '../../src/pipeline/export.js';
import { Tally } from '../../src/pipeline/tally.js';
import { seededRandom } from '../emulators/loopback.js';
import {
  axisTop,
  niceCeiling,
  renderSummary,
  SUMMARY_MAX_BYTES,
  type RunReport,
} from '../../src/report/summary.js';

const NOW = Date.UTC(2026, 10, 24, 12);

type Counts = Pick<Tally, 'exported' | 'filtered' | 'rejected' | 'types' | 'hourly'>;

/** A tally with these figures, as the export would have counted them. */
function tally(counts: Partial<Counts> = {}): Tally {
  return Object.assign(new Tally(), {
    exported: 100,
    filtered: 15,
    rejected: [],
    types: new Map([
      ['s', { exported: 80, filtered: 0, rejected: 0 }],
      ['f', { exported: 20, filtered: 0, rejected: 0 }],
      ['ssa', { exported: 0, filtered: 15, rejected: 0 }],
    ]),
    hourly: new Map([
      ['2026-11-24T10', { success: 50, failure: 10, other: 0 }],
      ['2026-11-24T11', { success: 30, failure: 10, other: 0 }],
    ]),
    ...counts,
  });
}

function result(overrides: Partial<ExportResult> = {}): ExportResult {
  return {
    startReason: 'checkpoint',
    startedAfter: { logId: '9001', date: '2026-11-24T10:00:00.000Z' },
    checkpointBefore: { logId: '9001', date: '2026-11-24T10:00:00.000Z' },
    checkpointAfter: { logId: '9999', date: '2026-11-24T11:59:00.000Z' },
    fetched: 120,
    tally: tally(),
    newestLogDate: '2026-11-24T11:59:00.000Z',
    caughtUp: true,
    pages: 2,
    ...overrides,
  };
}

function report(overrides: Partial<RunReport> = {}): RunReport {
  return {
    tenant: 'acme.eu.auth0.com',
    logGroup: '/auth0/acme',
    logStream: 'tenant',
    result: result(),
    startedAt: NOW - 5_000,
    finishedAt: NOW,
    auth0: { requests: 3, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 },
    cloudwatch: { puts: 1, putRetries: 0, putsFoundStored: 0, eventsFoundStored: 0 },
    warnings: [],
    ...overrides,
  };
}

describe('the job summary', () => {
  it('leads with the outcome and gives the counts, checkpoints, lag and a per-type table', () => {
    const text = renderSummary(report());
    expect(text).toContain(
      ':white_check_mark: **The export from <code>acme.eu.auth0.com</code> to <code>/auth0/acme</code> / <code>tenant</code> is caught up.** The newest log exported is 1 min 0 s old.',
    );
    expect(text).toMatch(/\| filtered out \(log-level, log-types\) \| 15 \|/);
    expect(text).toContain(
      '**Checkpoint**: moved from log <code>9001</code> (2026-11-24T10:00:00.000Z) to <code>9999</code> (2026-11-24T11:59:00.000Z). The run started after the stored checkpoint.',
    );
    expect(text).toMatch(/\| <code>s<\/code> \| Successful Login \| 80 \|/i);
    expect(text).toContain('```mermaid');
    expect(text).toContain('bar [60, 40]');
    expect(text).toContain(
      'The run took 5.0 s (24 logs read a second): 3 Auth0 requests (none retried, no rate-limit waits) and 1 CloudWatch put (none retried).',
    );
  });

  it('says how the backlog was read: the pace, the most in flight, segments and rate-limit waits', () => {
    const text = renderSummary(
      report({
        auth0: {
          requests: 640,
          retries: 2,
          rateLimitWaits: 37,
          rateLimitWaitMs: 12_400,
          rateLimited: 1,
          peakConcurrency: 4,
          maxConcurrency: 4,
          segments: 12,
          searches: 14,
        },
      }),
    );
    // 120 logs fetched in the 5 s the run took.
    expect(text).toContain(
      'The run took 5.0 s (24 logs read a second): 640 Auth0 requests (2 retried, 37 held back by the rate limit for 12.4 s in all, 1 answered 429; at most 4 of 4 in flight, over 12 segments and 14 boundary searches) and 1 CloudWatch put (none retried).',
    );
  });

  it('has a counts table with a real header, right-aligned figures and thousands separators', () => {
    const text = renderSummary(
      report({ result: result({ fetched: 1_234_567, tally: tally({ exported: 1_234_552 }) }) }),
    );
    expect(text).toContain(
      [
        '| Logs in this run | count |',
        '|---|---:|',
        '| fetched from Auth0 | 1,234,567 |',
        '| exported to CloudWatch | 1,234,552 |',
        '| filtered out (log-level, log-types) | 15 |',
        '| rejected by CloudWatch (counted, not stored) | 0 |',
      ].join('\n'),
    );
    expect(text).not.toMatch(/^\|\s*\|\s*\|$/m);
    expect(text).toContain('| type | name | exported | filtered |\n|---|---|---:|---:|');
  });

  it('gives each figure once: the headline holds the outcome, the tables the counts', () => {
    const text = renderSummary(
      report({ result: result({ fetched: 4_321, tally: tally({ exported: 4_306 }) }) }),
    );
    const beforeTypes = text.slice(0, text.indexOf('### Log types'));
    expect(beforeTypes.split('4,306')).toHaveLength(2);
    expect(text.split('1 min 0 s')).toHaveLength(2);
    expect(text.split('<code>9999</code>')).toHaveLength(2);
    // A column of zeros says nothing.
    expect(text).not.toContain('| rejected |');
  });
});

describe('the per-hour chart', () => {
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  /** `count` hours of one log each, `stepMs` apart from `start`. */
  function oneLogEach(start: string, count: number, stepMs: number): Tally['hourly'] {
    return new Map(
      Array.from({ length: count }, (_, i) => [
        new Date(Date.parse(start) + i * stepMs).toISOString().slice(0, 13),
        { success: 1, failure: 0, other: 0 },
      ]),
    );
  }

  function chartOf(overrides: Partial<Counts> & { first?: string; last?: string } = {}): string {
    const { first, last, ...counts } = overrides;
    const t = tally(counts);
    t.firstExportedAt = Date.parse(first ?? '2026-11-24T10:00:00Z');
    t.lastExportedAt = Date.parse(last ?? '2026-11-24T11:59:59.500Z');
    const text = renderSummary(report({ result: result({ tally: t }) }));
    return text.slice(text.indexOf('### Exported logs'));
  }

  it('starts the value axis at 0 and ends it just above a round figure over the tallest bar', () => {
    // 35% failures: on an axis fitted to the data this bar looked like a sliver.
    const text = chartOf({
      hourly: new Map([
        ['2026-11-24T10', { success: 650, failure: 350, other: 0 }],
        ['2026-11-24T11', { success: 994, failure: 6, other: 0 }],
      ]),
    });
    expect(text).toContain('  y-axis "logs" 0 --> 1050\n');
    expect(text).toContain('  bar [1000, 1000]\n  bar [350, 6]\n  bar [350, 6]');
  });

  it('rounds the axis up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([1, 7, 10, 11, 24, 26, 1_765, 50_001].map(niceCeiling)).toEqual([
      1, 10, 10, 20, 25, 50, 2_000, 100_000,
    ]);
    expect(niceCeiling(0)).toBe(1);
    expect([1, 25, 1_765].map(axisTop)).toEqual([1.05, 26.25, 2_100]);
  });

  it('has a key that names each band and the date the hours belong to', () => {
    const text = chartOf();
    expect(text).toMatch(/^### Exported logs per hour, 2026-11-24 \(UTC\)\n/);
    expect(text).toContain(
      'Key: green = successes, amber = other (warnings, notices and types the catalog does not know), red = failures',
    );
    expect(text).toContain('x-axis "hour (UTC)" ["10:00", "11:00"]');
    expect(text).not.toContain('Partial');
  });

  it('marks a partial first and last hour, saying from and up to when', () => {
    const text = chartOf({ first: '2026-11-24T10:08:00Z', last: '2026-11-24T11:41:30Z' });
    expect(text).toContain('x-axis "hour (UTC)" ["10:00*", "11:00*"]');
    expect(text).toContain(
      '\\* Partial hour: the first hour counts logs from 10:08 UTC on; the last hour counts logs up to 11:41 UTC.',
    );
  });

  it('names the dates in the heading and the hours on the bars when the hours span midnight', () => {
    const text = chartOf({
      hourly: new Map([
        ['2026-11-23T23', { success: 5, failure: 0, other: 0 }],
        ['2026-11-24T00', { success: 5, failure: 0, other: 1 }],
      ]),
      first: '2026-11-23T23:00:00Z',
      last: '2026-11-24T00:59:59.500Z',
    });
    expect(text).toMatch(/^### Exported logs per hour, 2026-11-23 to 2026-11-24 \(UTC\)/);
    expect(text).toContain('x-axis "hour (UTC)" ["23:00", "00:00"]');
  });

  it('charts per day once an hour of the clock would come twice', () => {
    // Two bars named 03:00 were drawn in one place, the first hidden behind the second.
    const one = { success: 1, failure: 0, other: 0 };
    const text = chartOf({
      hourly: new Map([
        ['2026-11-23T02', one],
        ['2026-11-23T03', one],
        ['2026-11-24T02', { success: 2, failure: 1, other: 0 }],
      ]),
      first: '2026-11-23T02:00:00Z',
      last: '2026-11-24T02:59:59.500Z',
    });
    expect(text).toMatch(/^### Exported logs per day, 2026-11-23 to 2026-11-24 \(UTC\)/);
    expect(text).toContain('x-axis "day (UTC)" ["11-23*", "11-24*"]');
    expect(text).toContain('  bar [2, 3]\n  bar [0, 1]\n  bar [0, 1]');
  });

  it('draws the hours without logs as empty bars, so that the axis keeps time', () => {
    const text = chartOf({
      hourly: new Map([
        ['2026-11-24T10', { success: 4, failure: 0, other: 0 }],
        ['2026-11-24T13', { success: 6, failure: 0, other: 0 }],
      ]),
      last: '2026-11-24T13:59:59.500Z',
    });
    expect(text).toContain('["10:00", "11:00", "12:00", "13:00"]');
    expect(text).toContain('  bar [4, 0, 0, 6]');
  });

  it('is drawn wide, with short labels, when it has many bars', () => {
    const hours = chartOf({
      hourly: oneLogEach('2026-11-24T02:00:00Z', 20, HOUR),
      first: '2026-11-24T02:00:00Z',
      last: '2026-11-24T21:59:59.500Z',
    });
    expect(hours).toContain('%%{init: {"xyChart": {"width": 1000}, "themeVariables"');
    expect(hours).toContain('x-axis "hour (UTC)" ["02", "03", "04", "05", "06", "07", "08",');
    // 30 days across the end of a month: the month where it starts.
    const days = chartOf({
      hourly: oneLogEach('2026-11-05T12:00:00Z', 30, DAY),
      first: '2026-11-05T00:00:00Z',
      last: '2026-12-04T23:59:59.500Z',
    });
    expect(days).toContain('["11-05", "06", "07", "08", "09", "10",');
    expect(days).toContain('"29", "30", "12-01", "02", "03", "04"]');
    expect(chartOf()).toContain('%%{init: {"themeVariables"');
  });

  it('keeps the newest 48 days, and names days across the end of a year', () => {
    const text = chartOf({
      hourly: oneLogEach('2026-12-01T06:00:00Z', 50, DAY),
      first: '2026-12-01T06:00:00Z',
      last: '2027-01-19T06:59:59.500Z',
    });
    const labels = JSON.parse(/x-axis "day \(UTC\)" (\[.*\])/.exec(text)![1]!) as string[];
    expect(labels).toHaveLength(48);
    expect(labels.slice(0, 3)).toEqual(['12-03', '04', '05']);
    expect(labels.slice(28, 31)).toEqual(['31', '01-01', '02']);
    // 19 names 12-19 already.
    expect(labels[47]).toBe('01-19*');
    expect(text).toContain(`  bar [${Array.from({ length: 48 }, () => 1).join(', ')}]`);
  });

  it('names every bar once and counts every log, whatever the hours (300 seeds)', () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const random = seededRandom(seed);
      const start = Date.parse('2026-10-20T00:00:00Z') + Math.floor(random() * 1_000) * 3_600_000;
      const spanHours = Math.floor(random() * (random() < 0.5 ? 30 : 45 * 24));
      const hourly = new Map<string, { success: number; failure: number; other: number }>();
      let logs = 0;
      for (let i = 0; i < 1 + Math.floor(random() * 40); i += 1) {
        const at = start + (i === 0 ? 0 : Math.floor(random() * (spanHours + 1))) * 3_600_000;
        const key = new Date(at).toISOString().slice(0, 13);
        const counts = hourly.get(key) ?? { success: 0, failure: 0, other: 0 };
        counts.success += 1;
        logs += 1;
        hourly.set(key, counts);
      }
      const keys = [...hourly.keys()].sort();
      const text = chartOf({
        hourly,
        first: `${keys[0]}:00:00Z`,
        last: `${keys[keys.length - 1]}:59:59.500Z`,
      });
      const labels = JSON.parse(/x-axis "\w+ \(UTC\)" (\[.*\])/.exec(text)![1]!) as string[];
      const bars = JSON.parse(/ {2}bar (\[.*\])/.exec(text)![1]!) as number[];
      expect(new Set(labels).size, `seed ${seed}`).toBe(labels.length);
      expect(bars, `seed ${seed}`).toHaveLength(labels.length);
      expect(
        bars.reduce((sum, bar) => sum + bar, 0),
        `seed ${seed}`,
      ).toBe(logs);
    }
  });
});

describe('a failed run', () => {
  it('says plainly that nothing was exported and where the checkpoint stays', () => {
    const text = renderSummary(
      report({
        error: 'Auth0 refused the client credentials (HTTP 401). Check auth0-client-secret.',
        result: result({
          fetched: 0,
          tally: tally({ exported: 0, filtered: 0, types: new Map(), hourly: new Map() }),
          checkpointAfter: undefined,
          newestLogDate: '2026-11-24T10:00:00.000Z',
        }),
        auth0: { requests: 1, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 },
        cloudwatch: { puts: 0, putRetries: 0, putsFoundStored: 0, eventsFoundStored: 0 },
      }),
    );
    expect(text).toContain(
      [
        ':x: **The export from <code>acme.eu.auth0.com</code> to <code>/auth0/acme</code> / <code>tenant</code> failed.**',
        '',
        '<p>Auth0 refused the client credentials (HTTP 401). Check auth0-client-secret.</p>',
        '',
        '- **Exported**: nothing in this run.',
        '- **Checkpoint**: stays at log <code>9001</code> (2026-11-24T10:00:00.000Z); the next run starts after it.',
        '- **Caught up**: unknown; the run stopped before it read to the end of the tenant’s logs.',
        '- **Behind**: at least 2 h 0 min (the age of the newest log exported; how many logs wait in Auth0 is unknown).',
      ].join('\n'),
    );
    // Figures the run never reached are not shown as zeros.
    expect(text).not.toContain('| fetched from Auth0 |');
    expect(text).not.toMatch(/Caught up\W+(no|yes)\b/);
  });

  it('says how far a run got before it failed, and that the checkpoint moved', () => {
    const text = renderSummary(report({ error: 'CloudWatch did not accept a batch.' }));
    expect(text).toContain('- **Exported**: 100 logs before the failure.');
    expect(text).toContain(
      '- **Checkpoint**: moved to log <code>9999</code> (2026-11-24T11:59:00.000Z); the next run continues after it.',
    );
    expect(text).toContain('| Logs before the failure | count |');
  });

  it('names the restored checkpoint when the run failed before its export began', () => {
    const text = renderSummary(
      report({
        error: 'AWS denied logs:DescribeLogStreams.',
        result: undefined,
        checkpointBefore: { logId: '9001', date: '2026-11-24T10:00:00.000Z' },
      }),
    );
    expect(text).toContain('- **Checkpoint**: stays at log <code>9001</code>');
    expect(text).toContain('- **Behind**: unknown.');
  });

  it('turns no URL of an error message into a link: the message is an HTML block', () => {
    const error =
      'getaddrinfo ENOTFOUND acme.eu.auth0.com: see https://evil.example/x?a=1&b=<2> or www.evil.example\n[click](https://evil.example)';
    const text = renderSummary(report({ error, warnings: [`Slack failed: ${error}`] }));
    const lines = text.split('\n');
    const at = lines.findIndex((line) => line.includes('evil.example/x'));
    // An HTML block begins after a blank line, and cmark-gfm autolinks nothing inside it.
    expect(lines[at - 1]).toBe('');
    expect(lines[at]).toMatch(/^<p>.*<\/p>$/);
    expect(lines[at]).toContain('https://evil.example/x?a=1&amp;b=&lt;2&gt;');
    const warning = lines.findIndex((line) => line.startsWith('<p>• Slack failed'));
    expect(lines[warning - 1]).toBe('');
    expect(lines[warning]).toMatch(
      /^<p>• Slack failed: .* \[click\]\(https:\/\/evil\.example\)<\/p>$/,
    );
  });
});

describe('the job summary', () => {
  it('escapes every Auth0-derived string', () => {
    const hostile = '<img src=x onerror=alert(1)>|**bold**';
    const text = renderSummary(
      report({
        tenant: hostile,
        result: result({
          tally: tally({
            types: new Map([[hostile, { exported: 1, filtered: 0, rejected: 0 }]]),
            rejected: [{ logId: hostile, reason: 'too-old' }],
          }),
          checkpointAfter: { logId: hostile, date: hostile },
        }),
        warnings: [`type ${hostile} is unknown`],
      }),
    );
    expect(text).not.toContain('<img');
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // A pipe inside a cell would break the table.
    for (const line of text.split('\n').filter((l) => l.includes('&lt;img') && l.startsWith('|'))) {
      expect(line).not.toMatch(/onerror=alert\(1\)&gt;\|/);
    }
  });

  it('stays under GitHub’s 1 MiB limit whatever the volume', () => {
    const types = new Map(
      Array.from({ length: 5_000 }, (_, n) => [
        `type_${n}`,
        { exported: n, filtered: 1, rejected: 1 },
      ]),
    );
    const hourly = new Map(
      Array.from({ length: 30 * 24 }, (_, h) => [
        new Date(NOW - h * 3_600_000).toISOString().slice(0, 13),
        { success: h, failure: 1, other: 2 },
      ]),
    );
    const rejected = Array.from({ length: 200_000 }, (_, n) => ({
      logId: `900${String(n).padStart(53, '0')}`,
      reason: (['too-old', 'expired', 'too-new', 'too-large'] as const)[n % 4]!,
    }));
    const text = renderSummary(
      report({
        result: result({ tally: tally({ types, hourly, rejected, exported: 1_000_000 }) }),
        warnings: Array.from({ length: 10_000 }, (_, n) => `warning ${n} ${'x'.repeat(5_000)}`),
      }),
    );
    expect(Buffer.byteLength(text)).toBeLessThan(SUMMARY_MAX_BYTES / 10);
    expect(text).toContain('4,980 more types');
    expect(text).toContain('and 49,980 more');
    expect(text).toContain('### Exported logs per day, ');
  });
});

describe('the redaction section', () => {
  const redaction = {
    method: 'hash' as const,
    logs: 100,
    fields: [
      { field: 'user_name', from: ['pii'], values: 100 },
      { field: 'ip', from: ['pii', 'ip'], values: 180 },
      { field: 'first_name', from: ['pii'], values: 0 },
      { field: '<b>odd</b>', from: ['<b>odd</b>'], values: 2 },
    ],
    unmatched: [],
  };

  it('lists each field that had values redacted, with how many and the entries that asked for it', () => {
    const text = renderSummary(report({ result: result({ redaction }) }));
    expect(text).toContain('### Redacted');
    expect(text).toContain('HMAC-SHA256 token');
    expect(text).toContain('in 100 logs');
    expect(text).toContain('| <code>user_name</code> | 100 | <code>pii</code> |');
    expect(text).toContain('| <code>ip</code> | 180 | <code>pii</code>, <code>ip</code> |');
    expect(text).not.toContain('first_name');
    expect(text).toContain('&lt;b&gt;odd&lt;/b&gt;');
    expect(text).not.toContain('<b>odd</b>');
  });

  it('says so when nothing held a value, and has no section without redaction', () => {
    const none = { ...redaction, fields: redaction.fields.map((f) => ({ ...f, values: 0 })) };
    expect(renderSummary(report({ result: result({ redaction: none }) }))).toContain(
      'No field named in `redact-fields` held a value',
    );
    expect(renderSummary(report())).not.toContain('### Redacted');
  });
});
