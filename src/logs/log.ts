/** A tenant log as the Management API returns it (flat shape, `isMobile`, extra fields allowed). */
export interface Auth0Log {
  log_id: string;
  date: string;
  type: string;
  [field: string]: unknown;
}

/** Where a log stands in the tenant's stream: its log_id, and its date when known. */
export interface LogPosition {
  logId: string;
  date?: string;
}

/**
 * Orders two log_ids as Auth0's checkpoint mode does. Real ids are digit strings of one length
 * ('900' + a UTC timestamp + a counter); a shorter digit string is the smaller one. Ids that are not
 * digit strings fall back to plain string order.
 */
export function compareLogIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function newerLogId(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareLogIds(a, b) >= 0 ? a : b;
}

export function isAuth0Log(value: unknown): value is Auth0Log {
  if (typeof value !== 'object' || value === null) return false;
  const log = value as Record<string, unknown>;
  return (
    typeof log.log_id === 'string' && typeof log.date === 'string' && typeof log.type === 'string'
  );
}

/** Milliseconds since the epoch of a log's `date`, or NaN when it is not a date. */
export function logTimestamp(log: Auth0Log): number {
  return Date.parse(log.date);
}
