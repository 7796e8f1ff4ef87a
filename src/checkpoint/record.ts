/**
 * The checkpoint kept between runs. It names its target so that a record is never applied to
 * another tenant, group or stream, and it holds no secret (caches are readable by other workflows).
 */
export interface CheckpointRecord {
  version: 1;
  /** The log_id the next run starts after. */
  logId: string;
  /** The Auth0 date of that log, when known. */
  logDate?: string;
  tenant: string;
  logGroup: string;
  logStream: string;
  /** The `start-from` input in force when the record was written. */
  startFrom: string;
  updatedAt: string;
}

export interface CheckpointTarget {
  tenant: string;
  logGroup: string;
  logStream: string;
}

export function parseCheckpointRecord(text: string): CheckpointRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Partial<CheckpointRecord>;
  const strings = [
    record.logId,
    record.tenant,
    record.logGroup,
    record.logStream,
    record.startFrom,
  ];
  if (
    record.version !== 1 ||
    !strings.every((field) => typeof field === 'string' && field !== '')
  ) {
    return undefined;
  }
  return record as CheckpointRecord;
}

export function sameTarget(record: CheckpointRecord, target: CheckpointTarget): boolean {
  return (
    record.tenant === target.tenant &&
    record.logGroup === target.logGroup &&
    record.logStream === target.logStream
  );
}
