import { compareLogIds, type LogPosition } from '../logs/log.js';

/**
 * Where the checkpoint may stand (delivery rule 2): never past a log that is neither stored by
 * CloudWatch nor deliberately skipped and counted.
 *
 * Every log the run reads passes through `consume`, in log_id order. A log whose delivery is still
 * open (in the batch being filled, waiting, or in flight) is `hold`-ed until its batch is
 * `release`-d. The checkpoint is then the log just before the oldest held one, or the last log
 * consumed when none is held; it only ever moves forward.
 */
export class Cursor {
  private lastConsumed: LogPosition | undefined;
  /** Held log_ids, oldest first (insertion order), each with the log consumed just before it. */
  private readonly held = new Map<string, LogPosition | undefined>();
  private position: LogPosition | undefined;

  constructor(
    start: LogPosition | undefined,
    private readonly onAdvance: (position: LogPosition) => void,
  ) {
    this.lastConsumed = start;
    this.position = start;
  }

  /** The current checkpoint: every log up to and including it is settled. */
  get checkpoint(): LogPosition | undefined {
    return this.position;
  }

  /** Notes that `log` was read; returns the log read just before it. */
  consume(log: LogPosition): LogPosition | undefined {
    const previous = this.lastConsumed;
    this.lastConsumed = log;
    return previous;
  }

  /** Keeps the checkpoint before `logId` (consumed last, with `previous` before it) until released. */
  hold(logId: string, previous: LogPosition | undefined): void {
    this.held.set(logId, previous);
  }

  /** The delivery of these logs is settled: stored, or refused and counted. */
  release(logIds: Iterable<string>): void {
    for (const logId of logIds) this.held.delete(logId);
  }

  /** Moves the checkpoint as far as the settled logs allow; calls `onAdvance` when it moved. */
  advance(): void {
    const oldestHeld = this.held.entries().next();
    const target = oldestHeld.done ? this.lastConsumed : oldestHeld.value[1];
    if (!target) return;
    if (this.position && compareLogIds(target.logId, this.position.logId) <= 0) return;
    this.position = target;
    this.onAdvance(target);
  }
}
