/** The domain's log record: log_id order, the guard for what Auth0 returns, the date. */
import { describe, expect, it } from 'vitest';
import { compareLogIds, isAuth0Log, logTimestamp, newerLogId } from '../../src/logs/log.js';

const ID = (n: number) => `900${String(n).padStart(53, '0')}`;
const sign = (n: number) => Math.sign(n);

describe('log_id order', () => {
  it('orders real ids (digit strings of one length) as Auth0 does', () => {
    expect(sign(compareLogIds(ID(1), ID(2)))).toBe(-1);
    expect(sign(compareLogIds(ID(2), ID(1)))).toBe(1);
    expect(compareLogIds(ID(7), ID(7))).toBe(0);
  });

  it('counts a shorter digit string as the smaller id, whatever its first digits', () => {
    expect(sign(compareLogIds('9', '10'))).toBe(-1);
    expect(sign(compareLogIds('10', '9'))).toBe(1);
    expect(sign(compareLogIds('99', '100'))).toBe(-1);
  });

  it('falls back to plain string order for ids that are not digit strings', () => {
    // By length these would order the other way round.
    expect(sign(compareLogIds('1a', '9'))).toBe(-1);
    expect(sign(compareLogIds('9', '1a'))).toBe(1);
    expect(sign(compareLogIds('a1', '100'))).toBe(1);
    expect(sign(compareLogIds('100', 'a1'))).toBe(-1);
    expect(sign(compareLogIds('a', '10'))).toBe(1);
    expect(sign(compareLogIds('10', 'a'))).toBe(-1);
    expect(compareLogIds('abc', 'abc')).toBe(0);
  });

  it('newerLogId picks the newer of two ids, and either one when the other is missing', () => {
    expect(newerLogId(ID(2), ID(1))).toBe(ID(2));
    expect(newerLogId(ID(1), ID(2))).toBe(ID(2));
    expect(newerLogId('9', '10')).toBe('10');
    expect(newerLogId(undefined, ID(1))).toBe(ID(1));
    expect(newerLogId(ID(1), undefined)).toBe(ID(1));
    expect(newerLogId(undefined, undefined)).toBeUndefined();
  });
});

describe('what counts as an Auth0 log', () => {
  it('is an object with a string log_id, date and type; other fields are allowed', () => {
    expect(isAuth0Log({ log_id: ID(1), date: '2026-11-24T10:00:00.000Z', type: 's' })).toBe(true);
    expect(
      isAuth0Log({ log_id: ID(1), date: '2026-11-24T10:00:00.000Z', type: 's', isMobile: true }),
    ).toBe(true);
  });

  it('is not anything else', () => {
    const log = { log_id: ID(1), date: '2026-11-24T10:00:00.000Z', type: 's' };
    for (const value of [null, undefined, 'log', 42, true]) expect(isAuth0Log(value)).toBe(false);
    expect(isAuth0Log({ ...log, log_id: 1 })).toBe(false);
    expect(isAuth0Log({ ...log, date: Date.now() })).toBe(false);
    expect(isAuth0Log({ ...log, type: undefined })).toBe(false);
    expect(isAuth0Log({ date: log.date, type: log.type })).toBe(false);
    expect(isAuth0Log({ log_id: log.log_id, type: log.type })).toBe(false);
    expect(isAuth0Log({ log_id: log.log_id, date: log.date })).toBe(false);
  });
});

describe('a log’s timestamp', () => {
  it('is its Auth0 date in milliseconds, or NaN when the date is not one', () => {
    const log = { log_id: ID(1), date: '2026-11-24T10:00:00.000Z', type: 's' };
    expect(logTimestamp(log)).toBe(Date.UTC(2026, 10, 24, 10));
    expect(logTimestamp({ ...log, date: 'yesterday' })).toBeNaN();
  });
});
