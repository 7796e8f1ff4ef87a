import { outcomeOf, type LogOutcome } from '../logs/filter.js';
import type { RejectReason } from './ports.js';

/** Why a log was counted and passed over instead of stored. */
export type RejectedReason = RejectReason | 'too-large' | 'bad-date';

/** The reasons in the words of the summary, the warnings and Slack. */
export const REJECT_LABELS: Record<RejectedReason, string> = {
  'too-old': 'older than 14 days',
  expired: "older than the log group's retention",
  'too-new': 'more than 2 hours in the future',
  'too-large': 'larger than the 1 MiB event limit',
  'bad-date': 'without a valid date',
};

export interface TypeCount {
  exported: number;
  filtered: number;
  rejected: number;
}

export interface RejectedLog {
  logId: string;
  reason: RejectedReason;
}

const HOUR_MS = 3_600_000;

/**
 * What became of each log the run read, by type, by reject reason and (for exported logs) by hour.
 * The export fills it; the outputs, warnings, summary and Slack read it.
 */
export class Tally {
  exported = 0;
  filtered = 0;
  readonly rejected: RejectedLog[] = [];
  readonly types = new Map<string, TypeCount>();
  /** Exported logs per hour of their Auth0 date (ISO hour, e.g. 2026-11-24T10), by outcome. */
  readonly hourly = new Map<string, Record<LogOutcome, number>>();
  /** Epoch ms of the oldest and the newest exported log: where the first and last hour are partial. */
  firstExportedAt?: number;
  lastExportedAt?: number;
  private lastHour?: { index: number; key: string };

  countFiltered(type: string): void {
    this.filtered += 1;
    this.countType(type, 'filtered');
  }

  countExported(type: string, timestamp: number): void {
    this.exported += 1;
    this.countType(type, 'exported');
    const hour = this.hourOf(timestamp);
    const counts = this.hourly.get(hour) ?? { success: 0, failure: 0, other: 0 };
    counts[outcomeOf(type)] += 1;
    this.hourly.set(hour, counts);
    this.firstExportedAt = Math.min(this.firstExportedAt ?? timestamp, timestamp);
    this.lastExportedAt = Math.max(this.lastExportedAt ?? timestamp, timestamp);
  }

  /** The ISO hour of a timestamp; logs come in date order, so the last one is kept for the next. */
  private hourOf(timestamp: number): string {
    const index = Math.floor(timestamp / HOUR_MS);
    if (index !== this.lastHour?.index) {
      this.lastHour = { index, key: new Date(index * HOUR_MS).toISOString().slice(0, 13) };
    }
    return this.lastHour.key;
  }

  countRejected(type: string, logId: string, reason: RejectedReason): void {
    this.rejected.push({ logId, reason });
    this.countType(type, 'rejected');
  }

  /** The rejected log_ids grouped by reason, in the order the reasons first occurred. */
  rejectedByReason(): Map<RejectedReason, string[]> {
    return groupByReason(this.rejected);
  }

  private countType(type: string, field: keyof TypeCount): void {
    const counts = this.types.get(type) ?? { exported: 0, filtered: 0, rejected: 0 };
    counts[field] += 1;
    this.types.set(type, counts);
  }
}

export function groupByReason(rejected: readonly RejectedLog[]): Map<RejectedReason, string[]> {
  const byReason = new Map<RejectedReason, string[]>();
  for (const { logId, reason } of rejected) {
    const ids = byReason.get(reason);
    if (ids) ids.push(logId);
    else byReason.set(reason, [logId]);
  }
  return byReason;
}

/** "3 older than 14 days, 1 larger than the 1 MiB event limit". */
export function describeRejected(rejected: readonly RejectedLog[]): string {
  return [...groupByReason(rejected)]
    .map(([reason, ids]) => `${ids.length} ${REJECT_LABELS[reason]}`)
    .join(', ');
}
