import type { StoreSettings } from './create-store.js';
import type { CheckpointRecord } from './record.js';

/** What the main step hands the post step about the store, through GITHUB_STATE. */
export interface StoreState {
  /** Where and under which key; the token is read from the input again, never kept in state. */
  settings: Omit<StoreSettings, 'githubToken'>;
  /** The record restored at the start of the run, to skip saving an unchanged one. */
  restored?: CheckpointRecord;
  /** A dry run saves no checkpoint. */
  dryRun?: boolean;
}

export function parseStoreState(text: string): StoreState | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as StoreState;
    return typeof value.settings?.key === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
