/** Delivery rule 2: the checkpoint never moves past a log that is neither stored nor counted. */
import { describe, expect, it } from 'vitest';
import type { LogPosition } from '../../src/logs/log.js';
import { Cursor } from '../../src/pipeline/cursor.js';

const at = (n: number): LogPosition => ({
  logId: String(9000 + n),
  date: `2026-11-24T10:00:${String(n).padStart(2, '0')}Z`,
});

function cursor(start?: LogPosition) {
  const moves: LogPosition[] = [];
  const c = new Cursor(start, (position) => moves.push(position));
  /** Reads logs n..m; `held` ones go into a batch and stay open until released. */
  const read = (ns: number[], held: boolean) =>
    ns.forEach((n) => {
      const previous = c.consume(at(n));
      if (held) c.hold(at(n).logId, previous);
    });
  return { c, moves, read };
}

describe('the cursor', () => {
  it('starts at the start position and does not announce it', () => {
    const { c, moves } = cursor(at(0));
    c.advance();
    expect(c.checkpoint).toEqual(at(0));
    expect(moves).toEqual([]);
  });

  it('moves to the last log read when nothing is held (filtered or counted logs)', () => {
    const { c, moves, read } = cursor(at(0));
    read([1, 2, 3], false);
    c.advance();
    expect(c.checkpoint).toEqual(at(3));
    expect(moves).toEqual([at(3)]);
  });

  it('stays just before the oldest held log, whatever was read after it', () => {
    const { c, moves, read } = cursor(at(0));
    read([1, 2], false);
    read([3, 4], true);
    read([5], false);
    c.advance();
    expect(c.checkpoint).toEqual(at(2));
    expect(moves).toEqual([at(2)]);
  });

  it('moves past a batch only once it is released, and then up to the next held one', () => {
    const { c, read } = cursor(at(0));
    read([1, 2], true); // batch A
    read([3, 4], true); // batch B
    c.advance();
    expect(c.checkpoint).toEqual(at(0));
    c.release([at(1).logId, at(2).logId]);
    c.advance();
    expect(c.checkpoint).toEqual(at(2));
    c.release([at(3).logId, at(4).logId]);
    c.advance();
    expect(c.checkpoint).toEqual(at(4));
  });

  it('does not move when a later batch settles before an earlier one', () => {
    const { c, read } = cursor(at(0));
    read([1, 2], true);
    read([3, 4], true);
    c.release([at(3).logId, at(4).logId]);
    c.advance();
    expect(c.checkpoint).toEqual(at(0));
    c.release([at(1).logId, at(2).logId]);
    c.advance();
    expect(c.checkpoint).toEqual(at(4));
  });

  it('holds a batch whose first log follows filtered ones at the last filtered log', () => {
    const { c, read } = cursor(at(0));
    read([1, 2], false);
    read([3], true);
    c.advance();
    expect(c.checkpoint).toEqual(at(2));
  });

  it('never moves backwards, and announces each position once', () => {
    const { c, moves, read } = cursor(at(5));
    read([1], false); // an id below the start, as a log_id start-from pointing back would give
    c.advance();
    read([6], false);
    c.advance();
    c.advance();
    expect(c.checkpoint).toEqual(at(6));
    expect(moves).toEqual([at(6)]);
  });

  it('without a start, holds nothing back before the first log is read', () => {
    const { c, moves, read } = cursor();
    c.advance();
    expect(c.checkpoint).toBeUndefined();
    read([1], true);
    c.advance();
    expect(c.checkpoint).toBeUndefined();
    c.release([at(1).logId]);
    c.advance();
    expect(moves).toEqual([at(1)]);
  });

  it('returns the log read before each one, for the batch it opens', () => {
    const { c } = cursor(at(0));
    expect(c.consume(at(1))).toEqual(at(0));
    expect(c.consume(at(2))).toEqual(at(1));
  });
});
