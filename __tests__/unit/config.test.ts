import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import type { InputReader } from '../../src/inputs.js';
import { ConfigError } from '../../src/errors.js';
import { BAD_INPUTS, SECRET_INPUTS } from '../bad-inputs.js';

const VALID: Record<string, string> = {
  'auth0-domain': 'acme.eu.auth0.com',
  'auth0-client-id': 'AbCdEf0123456789',
  'auth0-client-secret': 'a-very-secret-value',
  'log-group': '/auth0/acme',
  'log-stream': 'tenant-logs',
  'aws-region': 'eu-west-1',
};

function reader(overrides: Record<string, string> = {}): InputReader {
  const inputs = { ...VALID, ...overrides };
  return (name) => inputs[name] ?? '';
}

function failure(overrides: Record<string, string>, env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    readConfig(reader(overrides), env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(overrides)} to be refused`);
}

describe('reading the inputs', () => {
  it('applies the documented defaults', () => {
    const config = readConfig(reader(), {});
    expect(config).toMatchObject({
      auth0Domain: 'acme.eu.auth0.com',
      batchSize: 100,
      startFrom: { kind: 'oldest' },
      startFromInput: 'oldest',
      slackSendSuccess: false,
      checkpointStore: 'cache',
      createIfMissing: true,
      retentionDays: undefined,
      maxDurationMs: 30 * 60_000,
      maxConcurrency: 4,
      rateLimitReserve: { percent: 20 },
      awsCredentials: undefined,
      filter: { level: undefined, types: [], exclude: [] },
      metricsNamespace: undefined,
    });
    expect(config.checkpointKey).toMatch(/^auth0-logs-to-cloudwatch-[0-9a-f]{16}$/);
  });

  it('takes the region from AWS_REGION when the input is empty', () => {
    expect(readConfig(reader({ 'aws-region': '' }), { AWS_REGION: 'us-east-2' }).awsRegion).toBe(
      'us-east-2',
    );
  });

  it('derives a different checkpoint key for each tenant, group and stream', () => {
    const keys = new Set(
      [
        {} as Record<string, string>,
        { 'auth0-domain': 'other.eu.auth0.com' },
        { 'log-group': '/auth0/other' },
        { 'log-stream': 'other' },
      ].map((overrides) => readConfig(reader(overrides), {}).checkpointKey),
    );
    expect(keys.size).toBe(4);
  });

  it('accepts a domain with a port, in any case, and trims white space', () => {
    expect(readConfig(reader({ 'auth0-domain': '  LocalHost:8443 ' }), {}).auth0Domain).toBe(
      'localhost:8443',
    );
  });

  it.each([
    ['2026-11-01', { kind: 'date', date: new Date('2026-11-01T00:00:00Z') }],
    ['2026-11-01T08:00:00Z', { kind: 'date', date: new Date('2026-11-01T08:00:00Z') }],
    ['2026-11-01T08:00', { kind: 'date', date: new Date('2026-11-01T08:00:00Z') }],
    ['2026-11-01T10:00:00+02:00', { kind: 'date', date: new Date('2026-11-01T08:00:00Z') }],
    ['NOW', { kind: 'now' }],
    [
      '90020221106225657127344338174467560571679411426601992274',
      { kind: 'log-id', logId: '90020221106225657127344338174467560571679411426601992274' },
    ],
  ])('reads start-from %s', (value, expected) => {
    expect(readConfig(reader({ 'start-from': value }), {}).startFrom).toEqual(expected);
  });

  it('reads durations in seconds, minutes and hours', () => {
    const ms = (value: string): number =>
      readConfig(reader({ 'max-duration': value }), {}).maxDurationMs;
    expect(ms('90s')).toBe(90_000);
    expect(ms('20')).toBe(20 * 60_000);
    expect(ms('1.5h')).toBe(90 * 60_000);
  });

  it('reads max-concurrency and a rate-limit reserve as a percentage or a count', () => {
    const config = (overrides: Record<string, string>) => readConfig(reader(overrides), {});
    expect(config({ 'max-concurrency': '1' }).maxConcurrency).toBe(1);
    expect(config({ 'max-concurrency': '16' }).maxConcurrency).toBe(16);
    expect(config({ 'rate-limit-reserve': '0%' }).rateLimitReserve).toEqual({ percent: 0 });
    expect(config({ 'rate-limit-reserve': '35%' }).rateLimitReserve).toEqual({ percent: 35 });
    expect(config({ 'rate-limit-reserve': '5' }).rateLimitReserve).toEqual({ count: 5 });
    expect(config({ 'rate-limit-reserve': '0' }).rateLimitReserve).toEqual({ count: 0 });
  });

  it('reads static AWS credentials, with an optional session token', () => {
    const config = readConfig(
      reader({
        'aws-access-key-id': 'AKIAIOSFODNN7EXAMPLE',
        'aws-secret-access-key': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        'aws-session-token': 'token',
      }),
      {},
    );
    expect(config.awsCredentials).toEqual({
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      sessionToken: 'token',
    });
  });
});

describe('metrics-namespace', () => {
  it('accepts what CloudWatch accepts, up to 255 characters, with slashes, colons and spaces', () => {
    for (const namespace of ['Auth0/LogExport', 'n'.repeat(255), 'Auth0 logs: prod', 'aws/lower']) {
      expect(readConfig(reader({ 'metrics-namespace': namespace }), {}).metricsNamespace).toBe(
        namespace,
      );
    }
  });

  it('refuses a log stream CloudWatch would refuse as a dimension value, only with metrics on', () => {
    const stream = { 'log-stream': 'flüsse' };
    expect(readConfig(reader(stream), {}).logStream).toBe('flüsse');
    const error = failure({ ...stream, 'metrics-namespace': 'Auth0/LogExport' });
    expect(error.input).toBe('log-stream');
    expect(error.message).toBe(
      "Input 'log-stream' has the value \"flüsse\": CloudWatch refuses other characters in the LogStream dimension of the metrics; expected a name in printable ASCII while 'metrics-namespace' is set, or an empty 'metrics-namespace'.",
    );
  });
});

describe('refusing bad input before any network call', () => {
  it.each(
    BAD_INPUTS.map(
      ([input, value, accepted]) =>
        [
          input,
          value.length > 40 ? `${value.slice(0, 20)}… (${value.length} characters)` : value,
          value,
          accepted,
        ] as const,
    ),
  )('refuses %s = %j, saying what is accepted', (input, _label, value, accepted) => {
    const overrides: Record<string, string> = { [input]: value };
    if (input === 'aws-region') overrides['aws-region'] = value;
    const error = failure(overrides);
    expect(error.input).toBe(input);
    expect(error.message).toContain(`'${input}'`);
    expect(error.message).toMatch(accepted);
    if (SECRET_INPUTS.has(input) && value.trim() !== '') {
      expect(error.message).not.toContain(value.trim());
    } else if (value.trim() !== '' && value.length < 200) {
      expect(error.message).toContain(JSON.stringify(value.trim()).slice(1, -1));
    }
  });

  it('refuses a missing region when AWS_REGION is not set either', () => {
    const error = failure({ 'aws-region': '' });
    expect(error.input).toBe('aws-region');
    expect(error.message).toMatch(/AWS_REGION/);
  });

  it('refuses a malformed AWS_REGION when the input is empty, naming where it came from', () => {
    const error = failure({ 'aws-region': '' }, { AWS_REGION: 'eu-west' });
    expect(error.message).toMatch(/AWS_REGION/);
  });
});

describe('redaction inputs', () => {
  const KEY = 'k3y-of-more-than-16-characters';

  it('no redact-fields: nothing is redacted and no key is needed', () => {
    expect(readConfig(reader(), {}).redaction).toBeUndefined();
  });

  it('reads the fields, the method and the key', () => {
    const config = readConfig(
      reader({ 'redact-fields': 'pii, details.request.ip', 'redact-key': KEY }),
      {},
    );
    expect(config.redaction).toMatchObject({ method: 'hash', key: KEY });
    expect(config.redaction?.entries).toEqual(['pii', 'details.request.ip']);
  });

  it('mask and drop need no key', () => {
    expect(
      readConfig(reader({ 'redact-fields': 'ip', 'redact-method': 'drop' }), {}).redaction,
    ).toMatchObject({ method: 'drop' });
  });

  it('refuses hash without a key, naming redact-key and never a value', () => {
    const error = failure({ 'redact-fields': 'pii' });
    expect(error.input).toBe('redact-key');
    expect(error.message).toBe(
      "Input 'redact-key' (value hidden): it is empty, and 'redact-method: hash' needs a key; expected a secret of at least 16 characters, such as the output of openssl rand -hex 32, passed from a secret.",
    );
  });

  it('words a refused field entry like every other refusal', () => {
    expect(failure({ 'redact-fields': 'email, log_id' }).message).toBe(
      `Input 'redact-fields' has the value "email, log_id": log_id is never redacted: exactly-once delivery and filtering rest on log_id, _id, date, type; expected key names (email), dot paths from the root (details.request.ip) with * for any one key (location_info.*), or the preset pii, separated by commas, spaces or newlines.`,
    );
  });
});
