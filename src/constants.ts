/** Names that cross the boundary between action.yml, the main step and the post step. */

export const Input = {
  Auth0Domain: 'auth0-domain',
  Auth0ClientId: 'auth0-client-id',
  Auth0ClientSecret: 'auth0-client-secret',
  LogGroup: 'log-group',
  LogStream: 'log-stream',
  AwsRegion: 'aws-region',
  AwsAccessKeyId: 'aws-access-key-id',
  AwsSecretAccessKey: 'aws-secret-access-key',
  AwsSessionToken: 'aws-session-token',
  BatchSize: 'batch-size',
  StartFrom: 'start-from',
  LogLevel: 'log-level',
  LogTypes: 'log-types',
  ExcludeLogTypes: 'exclude-log-types',
  SlackWebhookUrl: 'slack-webhook-url',
  SlackSendSuccess: 'slack-send-success',
  MaxLagMinutes: 'max-lag-minutes',
  CheckpointStore: 'checkpoint-store',
  CheckpointKey: 'checkpoint-key',
  ArtifactRetentionDays: 'artifact-retention-days',
  GithubToken: 'github-token',
  CreateIfMissing: 'create-if-missing',
  RetentionDays: 'retention-days',
  MaxDuration: 'max-duration',
  DryRun: 'dry-run',
  MetricsNamespace: 'metrics-namespace',
  RedactFields: 'redact-fields',
  RedactMethod: 'redact-method',
  RedactKey: 'redact-key',
  MaxConcurrency: 'max-concurrency',
  RateLimitReserve: 'rate-limit-reserve',
} as const;

/** Inputs whose values are masked in the log before anything else happens, valid or not. */
export const SECRET_INPUTS: readonly string[] = [
  Input.Auth0ClientSecret,
  Input.AwsSecretAccessKey,
  Input.AwsSessionToken,
  Input.SlackWebhookUrl,
  Input.GithubToken,
  Input.RedactKey,
];

export const Output = {
  LogsExported: 'logs-exported',
  LogsFiltered: 'logs-filtered',
  LogsRejected: 'logs-rejected',
  Checkpoint: 'checkpoint',
  LastLogDate: 'last-log-date',
  LagSeconds: 'lag-seconds',
  CaughtUp: 'caught-up',
  /** JSON: per redacted field, how many values this run redacted. */
  Redacted: 'redacted',
} as const;

/** Keys handed from the main step to the post step through GITHUB_STATE. */
export const State = {
  /** JSON of the checkpoint record after the last acknowledged batch. */
  Checkpoint: 'checkpoint',
  /** JSON of what the post step needs to save it: store, key, restored key. */
  Store: 'checkpoint-store',
} as const;
