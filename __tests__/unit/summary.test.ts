import { describe, expect, it } from 'vitest';
import type { ExportResult } from '../../src/pipeline/export.js';
import { Tally } from '../../src/pipeline/tally.js';
import { renderSummary, SUMMARY_MAX_BYTES, type RunReport } from '../../src/report/summary.js';

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
    expect(text).toContain('Exported **100** logs from <code>acme.eu.auth0.com</code>');
    expect(text).toMatch(/\| Filtered out \(log-level, log-types\) \| 15 \|/);
    expect(text).toContain('<code>9999</code> (2026-11-24T11:59:00.000Z)');
    expect(text).toMatch(/\| Lag \(now − newest log processed\) \| 1 min 0 s \|/);
    expect(text).toMatch(/\| <code>s<\/code> \| Successful Login \| 80 \| 0 \| 0 \|/i);
    expect(text).toContain('```mermaid');
    expect(text).toContain('bar [60, 40]');
  });

  it('says what failed and that progress is kept', () => {
    const text = renderSummary(report({ error: 'Auth0 refused to list logs (HTTP 403).' }));
    expect(text).toContain(':x: **The export from');
    expect(text).toContain('Auth0 refused to list logs (HTTP 403).');
    expect(text).toContain('Progress up to log <code>9999</code> is kept');
  });

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
    expect(text).toContain('4980 more types');
    expect(text).toContain('and 49980 more');
    expect(text).toContain('per day (UTC)');
  });
});
