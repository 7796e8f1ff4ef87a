import * as core from '@actions/core';

export type WarningKind =
  | 'input'
  | 'checkpoint-store'
  | 'gap'
  | 'no-checkpoint'
  | 'rejected'
  | 'lag'
  | 'slack'
  | 'metrics'
  | 'summary'
  | 'cancelled'
  | 'redaction';

const TITLES: Record<WarningKind, string> = {
  input: 'Auth0 logs: input',
  'checkpoint-store': 'Auth0 logs: checkpoint store',
  gap: 'Auth0 logs: possible gap',
  'no-checkpoint': 'Auth0 logs: no checkpoint',
  rejected: 'Auth0 logs: logs CloudWatch could not store',
  lag: 'Auth0 logs: export behind',
  slack: 'Auth0 logs: Slack',
  metrics: 'Auth0 logs: CloudWatch metrics',
  summary: 'Auth0 logs: job summary',
  cancelled: 'Auth0 logs: cancelled',
  redaction: 'Auth0 logs: redaction',
};

/**
 * Collects a run's warnings for the summary and annotates the first of each kind: GitHub shows at
 * most 10 warning annotations per step, so repeats go to the log only.
 */
export class Warnings {
  readonly all: string[] = [];
  private readonly annotated = new Set<WarningKind>();

  add(kind: WarningKind, message: string): void {
    this.all.push(message);
    if (this.annotated.has(kind)) {
      core.info(`Warning: ${message}`);
      return;
    }
    this.annotated.add(kind);
    core.warning(message, { title: TITLES[kind] });
  }
}
