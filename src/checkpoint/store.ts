import type { CheckpointRecord } from './record.js';

/** Where the checkpoint lives between runs. The rest of the action talks only to this. */
export interface CheckpointStore {
  readonly name: string;
  /** The newest record saved for this checkpoint key, or undefined when there is none. */
  restore(): Promise<RestoredCheckpoint | undefined>;
  /** Saves a record. Returns false (after warning) when the store did not keep it. */
  save(record: CheckpointRecord): Promise<boolean>;
}

export interface RestoredCheckpoint {
  record: CheckpointRecord;
  /** Where it came from, for the log and the summary (a cache key, an artifact id). */
  source: string;
}
