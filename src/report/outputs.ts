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
  [Output.Redacted]: string;
}

export function lagSeconds(result: ExportResult, now: number): number | undefined {
  const date = result.newestLogDate ?? result.checkpointAfter?.date;
  if (date === undefined) return undefined;
  const ms = now - Date.parse(date);
  return Number.isNaN(ms) ? undefined : Math.max(0, Math.round(ms / 1000));
}

/** The step's outputs. A dry run exported nothing and left the checkpoint where it was. */
export function outputsOf(
  result: ExportResult,
  now: number,
  { dryRun = false }: { dryRun?: boolean } = {},
): RunOutputs {
  const checkpoint = dryRun ? result.startedAfter : result.checkpointAfter;
  return {
    [Output.LogsExported]: String(dryRun ? 0 : result.tally.exported),
    [Output.LogsFiltered]: String(result.tally.filtered),
    [Output.LogsRejected]: String(result.tally.rejected.length),
    [Output.Checkpoint]: checkpoint?.logId ?? '',
    [Output.LastLogDate]: result.newestLogDate ?? result.checkpointAfter?.date ?? '',
    [Output.LagSeconds]: String(lagSeconds(result, now) ?? ''),
    [Output.CaughtUp]: String(result.caughtUp),
    [Output.Redacted]: redactedOutput(result),
  };
}

/** `{"user_name":120,"ip":240}`: the fields that had values redacted; empty when none is redacted. */
function redactedOutput(result: ExportResult): string {
  if (!result.redaction) return '';
  const counts = result.redaction.fields
    .filter((field) => field.values > 0)
    .map((field) => [field.field, field.values] as const);
  return JSON.stringify(Object.fromEntries(counts));
}
