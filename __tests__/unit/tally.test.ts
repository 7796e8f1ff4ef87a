/** One tally of what became of each log, read by the outputs, the warnings and the summary. */
import { describe, expect, it } from 'vitest';
import { describeRejected, Tally } from '../../src/pipeline/tally.js';

const HOUR_10 = Date.UTC(2026, 10, 24, 10, 30);
const HOUR_11 = Date.UTC(2026, 10, 24, 11, 5);

describe('the tally', () => {
  it('counts each log once, by type and by what became of it', () => {
    const tally = new Tally();
    tally.countExported('s', HOUR_10);
    tally.countExported('f', HOUR_10);
    tally.countFiltered('ssa');
    tally.countRejected('s', '901', 'too-old');
    expect(tally).toMatchObject({ exported: 2, filtered: 1 });
    expect(tally.rejected).toEqual([{ logId: '901', reason: 'too-old' }]);
    expect(Object.fromEntries(tally.types)).toEqual({
      s: { exported: 1, filtered: 0, rejected: 1 },
      f: { exported: 1, filtered: 0, rejected: 0 },
      ssa: { exported: 0, filtered: 1, rejected: 0 },
    });
  });

  it('charts exported logs per UTC hour of their date, as success, failure or other', () => {
    const tally = new Tally();
    tally.countExported('s', HOUR_10);
    tally.countExported('f', HOUR_10);
    tally.countExported('not_a_type', HOUR_11);
    expect(Object.fromEntries(tally.hourly)).toEqual({
      '2026-11-24T10': { success: 1, failure: 1, other: 0 },
      '2026-11-24T11': { success: 0, failure: 0, other: 1 },
    });
  });

  it('puts each log in its own hour when dates go back and forth across hours, or before 1970', () => {
    const tally = new Tally();
    for (const timestamp of [HOUR_10, HOUR_11, HOUR_10, HOUR_11 + 3_599_999 - 5 * 60_000, -1]) {
      tally.countExported('s', timestamp);
    }
    expect(Object.fromEntries(tally.hourly)).toEqual({
      '2026-11-24T10': { success: 2, failure: 0, other: 0 },
      '2026-11-24T11': { success: 2, failure: 0, other: 0 },
      '1969-12-31T23': { success: 1, failure: 0, other: 0 },
    });
  });

  it('groups rejected logs by reason, in the order the reasons first occurred', () => {
    const tally = new Tally();
    tally.countRejected('s', '1', 'too-new');
    tally.countRejected('s', '2', 'too-large');
    tally.countRejected('s', '3', 'too-new');
    expect([...tally.rejectedByReason()]).toEqual([
      ['too-new', ['1', '3']],
      ['too-large', ['2']],
    ]);
    expect(describeRejected(tally.rejected)).toBe(
      '2 more than 2 hours in the future, 1 larger than the 1 MiB event limit',
    );
  });
});
