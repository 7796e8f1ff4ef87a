/** Delivery rule 1 as a test measures it, end to end and in-process alike. */

export interface Comparison {
  /** Expected logs missing from the stream. */
  lost: number;
  /** Stream events beyond the first copy of each log. */
  duplicated: number;
  stored: number;
  expected: number;
}

/** Compares the log_ids a stream holds with the logs that should have reached it. */
export function compareStream(
  storedIds: readonly string[],
  expected: readonly { log_id: string }[],
): Comparison {
  const counts = new Map<string, number>();
  for (const id of storedIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  const lost = expected.filter((log) => !counts.has(log.log_id)).length;
  const duplicated = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
  return { lost, duplicated, stored: storedIds.length, expected: expected.length };
}
