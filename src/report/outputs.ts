import { Output } from '../constants.js';
import type { ExportResult } from '../pipeline/export.js';

export interface RunOutputs {
  [Output.LogsExported]: string;
  [Output.LogsFiltered]: string;
  [Output.LogsRejected]: string;
  [Output.Checkpoint]: string;
  [Output.LastLogDate]: string;
  [Output.LagSeconds]: string;
  [Output.CaughtUp]: string;
}

export function lagSeconds(result: ExportResult, now: number): number | undefined {
  const date = result.newestLogDate ?? result.checkpointAfter?.date;
  if (date === undefined) return undefined;
  const ms = now - Date.parse(date);
  return Number.isNaN(ms) ? undefined : Math.max(0, Math.round(ms / 1000));
}

export function outputsOf(result: ExportResult, now: number): RunOutputs {
  return {
    [Output.LogsExported]: String(result.tally.exported),
    [Output.LogsFiltered]: String(result.tally.filtered),
    [Output.LogsRejected]: String(result.tally.rejected.length),
    [Output.Checkpoint]: result.checkpointAfter?.logId ?? '',
    [Output.LastLogDate]: result.newestLogDate ?? result.checkpointAfter?.date ?? '',
    [Output.LagSeconds]: String(lagSeconds(result, now) ?? ''),
    [Output.CaughtUp]: String(result.caughtUp),
  };
}
