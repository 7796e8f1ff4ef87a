import { createHash } from 'node:crypto';
import { Input } from './constants.js';
import { ConfigError, errorMessage } from './errors.js';
import {
  LOG_LEVELS,
  parseLogLevel,
  parseLogTypeList,
  unknownCodeWarnings,
  type LogFilterSpec,
} from './logs/filter.js';
import type { InputReader } from './inputs.js';
import { parseRedaction, RedactionInputError, type Redaction } from './logs/redact.js';

/** Where a run starts when there is no checkpoint, or when `start-from` changed since it was written. */
export type StartFrom =
  | { kind: 'oldest' }
  | { kind: 'now' }
  | { kind: 'log-id'; logId: string }
  | { kind: 'date'; date: Date };

/** The part of the tenant's Management API bucket the export leaves to its other clients. */
export type RateLimitReserve = { percent: number } | { count: number };

export interface AwsCredentialsInput {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface Config {
  auth0Domain: string;
  auth0ClientId: string;
  auth0ClientSecret: string;
  logGroup: string;
  logStream: string;
  awsRegion: string;
  /** Undefined: the SDK's default credential chain (environment, OIDC via configure-aws-credentials, …). */
  awsCredentials?: AwsCredentialsInput;
  batchSize: number;
  startFrom: StartFrom;
  /** The input as written, kept in the checkpoint so that a change can be noticed. */
  startFromInput: string;
  filter: LogFilterSpec;
  /** Notes on inputs that were accepted but look wrong, such as a log type code nobody knows. */
  warnings: string[];
  slackWebhookUrl?: string;
  slackSendSuccess: boolean;
  /** Warn and report when the export is further behind than this; undefined: no check. */
  maxLagMinutes?: number;
  checkpointStore: (typeof CHECKPOINT_STORES)[number];
  /** Days a checkpoint artifact is kept (artifact store). */
  artifactRetentionDays: number;
  checkpointKey: string;
  githubToken?: string;
  createIfMissing: boolean;
  retentionDays?: number;
  maxDurationMs: number;
  /** Read, filter and batch as usual; write nothing anywhere (DESIGN §12). */
  dryRun: boolean;
  /** CloudWatch metrics namespace for the run's health; undefined: no metrics are sent. */
  metricsNamespace?: string;
  /** Undefined: nothing is redacted. Holds `redact-key`, a secret. */
  redaction?: Redaction;
  /** Auth0 requests in flight at most while a backlog lasts; 1 reads one page after another. */
  maxConcurrency: number;
  rateLimitReserve: RateLimitReserve;
}

export const BATCH_SIZE_MAX = 100;
export const MAX_CONCURRENCY_MAX = 16;
const DEFAULT_MAX_CONCURRENCY = '4';
const DEFAULT_RATE_LIMIT_RESERVE = '20%';
const RATE_LIMIT_RESERVE_MAX_COUNT = 1_000;

/** PutRetentionPolicy accepts only these values. */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

const MAX_DURATION_MIN_MS = 10_000;
const MAX_DURATION_MAX_MS = 24 * 3_600_000;
const DEFAULT_MAX_DURATION = '30m';

const CHECKPOINT_STORES = ['cache', 'artifact'] as const;

const BOOLEAN_TRUE = ['true', 'True', 'TRUE'];
const BOOLEAN_FALSE = ['false', 'False', 'FALSE'];

/** Geographies and directions of every AWS region name, so that a typo such as `eu-wset-1` is caught. */
const REGION_PATTERN =
  /^(af|ap|ca|cn|eu|il|me|mx|sa|us|us-gov|us-iso|us-isob|us-isof|eu-isoe)-(central|north|south|east|west|northeast|northwest|southeast|southwest)-\d{1,2}$/;

const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Log group names: 1-512 of letters, digits, `_ - / . #` (CreateLogGroup's rule). */
const LOG_GROUP_PATTERN = /^[.\-_/#A-Za-z0-9]{1,512}$/;
/** Log stream names: 1-512 characters, no `:` or `*` (CreateLogStream's rule). */
const LOG_STREAM_PATTERN = /^[^:*]{1,512}$/;
/** What CloudWatch accepts in a metrics namespace and a dimension value: printable ASCII. */
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
const METRICS_NAMESPACE_MAX = 255;

/** Cache keys may not hold commas and are at most 512 characters; the run id is appended. */
const CHECKPOINT_KEY_PATTERN = /^[A-Za-z0-9._-]{1,200}$/;

/**
 * Reads and validates every input once. Throws ConfigError naming the input, the value and what is
 * accepted; nothing here touches the network.
 */
export function readConfig(read: InputReader, env: NodeJS.ProcessEnv = process.env): Config {
  const text = (name: string): string => read(name).trim();
  const required = (name: string, secret = false): string => {
    const value = text(name);
    if (value === '') {
      const was = read(name) === '' ? 'empty' : 'only white space';
      const from = secret ? ', from a secret' : '';
      throw new ConfigError(
        name,
        `Input '${name}' is required and was ${was}; set it in the step's \`with:\`${from}.`,
      );
    }
    return value;
  };

  const auth0Domain = parseDomain(required(Input.Auth0Domain));
  const auth0ClientId = parseNoSpaces(Input.Auth0ClientId, required(Input.Auth0ClientId));
  const auth0ClientSecret = parseNoSpaces(
    Input.Auth0ClientSecret,
    required(Input.Auth0ClientSecret, true),
    true,
  );
  const logGroup = parseLogGroup(required(Input.LogGroup));
  const logStream = parseLogStream(required(Input.LogStream));
  const awsRegion = parseRegion(text(Input.AwsRegion), env.AWS_REGION?.trim() ?? '');
  const awsCredentials = parseAwsCredentials(
    text(Input.AwsAccessKeyId),
    text(Input.AwsSecretAccessKey),
    text(Input.AwsSessionToken),
  );
  const batchSize = parseWholeNumber(
    Input.BatchSize,
    text(Input.BatchSize) || '100',
    1,
    BATCH_SIZE_MAX,
  );
  const startFromInput = text(Input.StartFrom) || 'oldest';
  const startFrom = parseStartFrom(startFromInput);
  const filter = parseFilter(
    text(Input.LogLevel),
    read(Input.LogTypes),
    read(Input.ExcludeLogTypes),
  );
  const warnings = [...unknownCodeWarnings(filter.types), ...unknownCodeWarnings(filter.exclude)];
  const slackWebhookUrl = parseSlackUrl(text(Input.SlackWebhookUrl));
  const slackSendSuccess = parseBoolean(
    Input.SlackSendSuccess,
    text(Input.SlackSendSuccess),
    false,
  );
  const maxLag = text(Input.MaxLagMinutes);
  const maxLagMinutes =
    maxLag === '' ? undefined : parseWholeNumber(Input.MaxLagMinutes, maxLag, 1, 43_200);
  const checkpointStore = parseChoice(
    Input.CheckpointStore,
    text(Input.CheckpointStore) || 'cache',
    CHECKPOINT_STORES,
  );
  const checkpointKey = parseCheckpointKey(
    text(Input.CheckpointKey),
    auth0Domain,
    logGroup,
    logStream,
  );
  const githubToken = text(Input.GithubToken) || undefined;
  if (checkpointStore === 'artifact' && githubToken === undefined) {
    throw new ConfigError(
      Input.GithubToken,
      `Input '${Input.GithubToken}' is empty, but '${Input.CheckpointStore}: artifact' needs a token with actions: read to find the checkpoint of earlier runs; leave it at its default (\${{ github.token }}) or pass one.`,
    );
  }
  const artifactRetentionDays = parseWholeNumber(
    Input.ArtifactRetentionDays,
    text(Input.ArtifactRetentionDays) || '7',
    1,
    90,
  );
  const createIfMissing = parseBoolean(Input.CreateIfMissing, text(Input.CreateIfMissing), true);
  const retentionDays = parseRetentionDays(text(Input.RetentionDays));
  const maxDurationMs = parseDuration(
    Input.MaxDuration,
    text(Input.MaxDuration) || DEFAULT_MAX_DURATION,
  );
  const metricsNamespace = parseMetricsNamespace(text(Input.MetricsNamespace));
  if (metricsNamespace !== undefined) checkDimensionValue(Input.LogStream, logStream);
  const redaction = parseRedactionInputs(read);

  const dryRun = parseBoolean(Input.DryRun, text(Input.DryRun), false);
  const maxConcurrency = parseWholeNumber(
    Input.MaxConcurrency,
    text(Input.MaxConcurrency) || DEFAULT_MAX_CONCURRENCY,
    1,
    MAX_CONCURRENCY_MAX,
  );
  const rateLimitReserve = parseRateLimitReserve(
    text(Input.RateLimitReserve) || DEFAULT_RATE_LIMIT_RESERVE,
  );

  return {
    auth0Domain,
    auth0ClientId,
    auth0ClientSecret,
    logGroup,
    logStream,
    awsRegion,
    awsCredentials,
    batchSize,
    startFrom,
    startFromInput,
    filter,
    warnings,
    slackWebhookUrl,
    slackSendSuccess,
    maxLagMinutes,
    checkpointStore,
    artifactRetentionDays,
    checkpointKey,
    githubToken,
    createIfMissing,
    retentionDays,
    maxDurationMs,
    dryRun,
    metricsNamespace,
    redaction,
    maxConcurrency,
    rateLimitReserve,
  };
}

function parseRedactionInputs(read: InputReader): Redaction | undefined {
  try {
    return parseRedaction(
      {
        fields: read(Input.RedactFields),
        method: read(Input.RedactMethod),
        key: read(Input.RedactKey),
      },
      { fields: Input.RedactFields, method: Input.RedactMethod, key: Input.RedactKey },
    );
  } catch (error) {
    if (!(error instanceof RedactionInputError)) throw error;
    throw invalidInput(error.input, error.value ?? HIDDEN, error.expected, error.why);
  }
}

/** Quotes a value for an error message, keeping control characters visible. */
function shown(value: string): string {
  return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
}

/** Stands for the value of a secret input in an error: the value itself is never shown. */
export const HIDDEN = Symbol('hidden');

/**
 * The one shape of every refusal: "Input 'x' has the value "v"[: why]; expected …." A secret's
 * value is never shown.
 */
export function invalidInput(
  input: string,
  value: string | typeof HIDDEN,
  expected: string,
  why?: string,
): ConfigError {
  const subject =
    value === HIDDEN
      ? `Input '${input}' (value hidden)`
      : `Input '${input}' has the value ${shown(value)}`;
  const reason = why === undefined ? '' : `: ${why}`;
  return new ConfigError(input, `${subject}${reason}; expected ${expected}.`);
}

function parseDomain(value: string): string {
  const fail = (why: string): never => {
    throw invalidInput(
      Input.Auth0Domain,
      value,
      "the tenant's host name alone, such as acme.eu.auth0.com or login.example.com (a port is allowed: localhost:8443)",
      why,
    );
  };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) fail('remove the scheme (https://)');
  if (/[/?#]/.test(value)) fail('remove the path, query or fragment');
  if (/\s/.test(value)) fail('it contains white space');
  if (value.includes('@')) fail('it contains user information');
  const match = /^([^:]+)(?::(\d{1,5}))?$/.exec(value);
  if (!match) fail('it is not a host name with an optional :port');
  const host = match![1]!.toLowerCase();
  const port = match![2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) {
    fail(`the port ${port} is not between 1 and 65535`);
  }
  if (host.length > 253 || !host.split('.').every((label) => DOMAIN_LABEL.test(label))) {
    fail('it is not a valid host name');
  }
  return port === undefined ? host : `${host}:${port}`;
}

function parseNoSpaces(name: string, value: string, secret = false): string {
  if (/\s/.test(value)) {
    throw invalidInput(
      name,
      secret ? HIDDEN : value,
      'the value exactly as the Auth0 dashboard shows it',
      'it contains white space',
    );
  }
  return value;
}

function parseLogGroup(value: string): string {
  if (!LOG_GROUP_PATTERN.test(value)) {
    throw invalidInput(
      Input.LogGroup,
      value,
      '1 to 512 characters of letters, digits and _ - / . #, such as /auth0/acme',
    );
  }
  return value;
}

function parseLogStream(value: string): string {
  if (!LOG_STREAM_PATTERN.test(value)) {
    throw invalidInput(Input.LogStream, value, "1 to 512 characters without ':' or '*'");
  }
  return value;
}

function parseRegion(input: string, fromEnv: string): string {
  const value = input || fromEnv;
  if (value === '') {
    throw new ConfigError(
      Input.AwsRegion,
      `Input '${Input.AwsRegion}' is empty and AWS_REGION is not set; set one of them to the log group's region, such as eu-west-1.`,
    );
  }
  if (!REGION_PATTERN.test(value)) {
    const expected = 'an AWS region name such as us-east-1, eu-west-1 or ap-southeast-2';
    if (input) throw invalidInput(Input.AwsRegion, value, expected);
    throw new ConfigError(
      Input.AwsRegion,
      `AWS_REGION (used because '${Input.AwsRegion}' is empty) has the value ${shown(value)}; expected ${expected}.`,
    );
  }
  return value;
}

function parseAwsCredentials(
  accessKeyId: string,
  secretAccessKey: string,
  sessionToken: string,
): AwsCredentialsInput | undefined {
  if (accessKeyId === '' && secretAccessKey === '') {
    if (sessionToken !== '') {
      throw new ConfigError(
        Input.AwsSessionToken,
        `Input '${Input.AwsSessionToken}' is set without '${Input.AwsAccessKeyId}' and '${Input.AwsSecretAccessKey}'; set all three, or none to use the default credential chain.`,
      );
    }
    return undefined;
  }
  if (secretAccessKey === '') {
    throw new ConfigError(
      Input.AwsAccessKeyId,
      `Input '${Input.AwsAccessKeyId}' is set to ${shown(accessKeyId)} but '${Input.AwsSecretAccessKey}' is empty; set both, or neither to use the default credential chain.`,
    );
  }
  if (accessKeyId === '') {
    throw new ConfigError(
      Input.AwsSecretAccessKey,
      `Input '${Input.AwsSecretAccessKey}' (value hidden) is set but '${Input.AwsAccessKeyId}' is empty; set both, or neither to use the default credential chain.`,
    );
  }
  if (!/^[A-Z0-9]{16,128}$/.test(accessKeyId)) {
    throw invalidInput(
      Input.AwsAccessKeyId,
      accessKeyId,
      'an access key ID of 16 to 128 upper-case letters and digits, such as AKIAIOSFODNN7EXAMPLE',
    );
  }
  if (/\s/.test(secretAccessKey)) {
    throw invalidInput(
      Input.AwsSecretAccessKey,
      HIDDEN,
      'the secret access key exactly as IAM issued it',
      'it contains white space',
    );
  }
  return { accessKeyId, secretAccessKey, sessionToken: sessionToken || undefined };
}

function parseWholeNumber(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw invalidInput(name, value, `a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

const LOG_ID_PATTERN = /^\d{20,80}$/;
const DATE_PATTERN =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

export function parseStartFrom(value: string): StartFrom {
  const lower = value.toLowerCase();
  if (lower === 'oldest') return { kind: 'oldest' };
  if (lower === 'now') return { kind: 'now' };
  if (LOG_ID_PATTERN.test(value)) return { kind: 'log-id', logId: value };
  if (DATE_PATTERN.test(value)) {
    // A date-time without an offset is read as UTC, like Auth0's own log dates.
    const withZone =
      /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value) || !value.includes(':') ? value : `${value}Z`;
    const date = new Date(withZone.replace(' ', 'T'));
    if (!Number.isNaN(date.getTime()) && sameCalendarDate(value, date, withZone)) {
      return { kind: 'date', date };
    }
  }
  throw invalidInput(
    Input.StartFrom,
    value,
    "'oldest', 'now', an Auth0 log_id (digits, as in a log's log_id field) or an ISO-8601 date or date-time such as 2026-11-01 or 2026-11-01T08:00:00Z",
  );
}

/** Rejects dates that Date quietly rolls over, such as 2026-02-30. */
function sameCalendarDate(value: string, date: Date, withZone: string): boolean {
  if (/[+-]\d{2}:?\d{2}$/.test(withZone) && withZone.includes('T')) return true;
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() + 1 === month && date.getUTCDate() === day
  );
}

function parseFilter(level: string, types: string, exclude: string): LogFilterSpec {
  let parsedLevel: number | undefined;
  try {
    parsedLevel = parseLogLevel(level);
  } catch {
    throw invalidInput(Input.LogLevel, level, `0..4 or one of ${LOG_LEVELS.join(', ')}`);
  }
  return {
    level: parsedLevel,
    types: parseTypes(Input.LogTypes, types),
    exclude: parseTypes(Input.ExcludeLogTypes, exclude),
  };
}

function parseTypes(name: string, value: string): string[] {
  try {
    return parseLogTypeList(value);
  } catch (error) {
    throw invalidInput(
      name,
      value.trim(),
      'log type codes, category:<name> or prefixes such as gd_*, separated by commas, spaces or newlines',
      errorMessage(error),
    );
  }
}

function parseSlackUrl(value: string): string | undefined {
  if (value === '') return undefined;
  const fail = (why: string): never => {
    throw invalidInput(
      Input.SlackWebhookUrl,
      HIDDEN,
      'a Slack incoming webhook URL such as https://hooks.slack.com/services/T000/B000/XXXX',
      why,
    );
  };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('it is not a URL');
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  // Plain http is allowed only to this machine (a local relay); anything else would send the
  // report, and the webhook's secret path, in the clear.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    fail(`it uses ${url.protocol.replace(':', '')} instead of https`);
  }
  return value;
}

function parseBoolean(name: string, value: string, defaultValue: boolean): boolean {
  if (value === '') return defaultValue;
  if (BOOLEAN_TRUE.includes(value)) return true;
  if (BOOLEAN_FALSE.includes(value)) return false;
  throw invalidInput(name, value, 'true or false');
}

function parseChoice<T extends string>(name: string, value: string, choices: readonly T[]): T {
  const found = choices.find((choice) => choice === value.toLowerCase());
  if (found === undefined) {
    throw invalidInput(name, value, choices.map((choice) => `'${choice}'`).join(' or '));
  }
  return found;
}

function parseCheckpointKey(value: string, domain: string, group: string, stream: string): string {
  if (value === '') {
    // One checkpoint per tenant and destination: two exports in a repository never share one.
    const digest = createHash('sha256').update(`${domain}\n${group}\n${stream}`).digest('hex');
    return `auth0-logs-to-cloudwatch-${digest.slice(0, 16)}`;
  }
  if (!CHECKPOINT_KEY_PATTERN.test(value)) {
    throw invalidInput(Input.CheckpointKey, value, "1 to 200 letters, digits, '.', '_' or '-'");
  }
  return value;
}

function parseRetentionDays(value: string): number | undefined {
  if (value === '') return undefined;
  const days = Number(value);
  if (!/^\d+$/.test(value) || !(RETENTION_DAYS as readonly number[]).includes(days)) {
    throw invalidInput(
      Input.RetentionDays,
      value,
      `one of ${RETENTION_DAYS.join(', ')} (days CloudWatch Logs supports), or empty to keep logs forever`,
    );
  }
  return days;
}

/** `20%` of the bucket (x-ratelimit-limit), or a count of requests such as `5`. */
export function parseRateLimitReserve(value: string): RateLimitReserve {
  const percent = /^(\d{1,2})%$/.exec(value);
  if (percent) return { percent: Number(percent[1]) };
  if (/^\d{1,4}$/.test(value) && Number(value) <= RATE_LIMIT_RESERVE_MAX_COUNT) {
    return { count: Number(value) };
  }
  throw invalidInput(
    Input.RateLimitReserve,
    value,
    `a percentage of the tenant's Management API bucket from 0% to 99% such as 20%, or a number of requests from 0 to ${RATE_LIMIT_RESERVE_MAX_COUNT}`,
  );
}

const DURATION_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000 };

export function parseDuration(name: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h)?$/i.exec(value);
  const ms = match ? Number(match[1]) * DURATION_UNITS[(match[2] ?? 'm').toLowerCase()]! : NaN;
  if (!(ms >= MAX_DURATION_MIN_MS && ms <= MAX_DURATION_MAX_MS)) {
    throw invalidInput(
      name,
      value,
      'a duration from 10s to 24h such as 90s, 20m or 1h (a bare number is minutes)',
    );
  }
  return Math.round(ms);
}

/** PutMetricData's rules for a namespace, so that a wrong one fails the run before it starts. */
function parseMetricsNamespace(value: string): string | undefined {
  if (value === '') return undefined;
  const fail = (why: string): never => {
    throw invalidInput(
      Input.MetricsNamespace,
      value,
      `1 to ${METRICS_NAMESPACE_MAX} printable ASCII characters, not starting with ':' or 'AWS/', such as Auth0/LogExport (or empty for no metrics)`,
      why,
    );
  };
  if (value.length > METRICS_NAMESPACE_MAX) fail(`it is ${value.length} characters long`);
  if (!PRINTABLE_ASCII.test(value)) {
    fail('it contains a control character or a character outside ASCII');
  }
  if (value.startsWith(':')) fail("CloudWatch refuses a namespace that starts with ':'");
  if (value.startsWith('AWS/'))
    fail("namespaces starting with 'AWS/' are reserved for AWS services");
  return value;
}

/** The stream name becomes the LogStream dimension, which CloudWatch accepts only in printable ASCII. */
function checkDimensionValue(input: string, value: string): void {
  if (!PRINTABLE_ASCII.test(value)) {
    throw invalidInput(
      input,
      value,
      `a name in printable ASCII while '${Input.MetricsNamespace}' is set, or an empty '${Input.MetricsNamespace}'`,
      'CloudWatch refuses other characters in the LogStream dimension of the metrics',
    );
  }
}
