/**
 * CloudWatch metrics (the `monitoring` service) on 127.0.0.1, speaking what
 * `@aws-sdk/client-cloudwatch` sends: AWS JSON 1.0 with `x-amz-target:
 * GraniteServiceVersion20100801.<Operation>`, the `x-amzn-query-mode: true` header the client adds
 * because the service is "awsQueryCompatible", and errors answered the way such a service answers
 * them: the shape in `__type` and the old Query protocol's code in `x-amzn-query-error:
 * Code;Sender` (the SDK names its error after that code: `Throttling`, `AccessDenied`, …). Bodies of
 * 10 KiB and more arrive gzip-compressed. PutMetricData is validated as the service validates it, the
 * datums it stores are kept with their dimensions, and faults can be injected, including "stored,
 * then the answer lost".
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import {
  listenOnLoopback,
  readBody,
  seededRandom,
  FaultSchedule,
  type FaultPlan,
  type Loopback,
} from './loopback.js';
import { expectedSignature, parseSigV4 } from './sigv4.js';

export type MetricsFaultKind =
  /** 400 `Throttling;Sender` "Rate exceeded": nothing stored. */
  | 'throttle'
  /** 500 `InternalServiceError;Receiver` before anything is stored. */
  | 'internal'
  /** The datums are stored, then 500 `InternalServiceError`: a blind resend counts them twice. */
  | 'stored-then-internal'
  /** 503 `ServiceUnavailable;Receiver`: nothing stored. */
  | 'unavailable'
  /** The connection is dropped before the request is processed: nothing stored. */
  | 'reset'
  /** The datums are stored, then the connection is dropped before the answer. */
  | 'stored-then-reset'
  /** 403 `AccessDenied;Sender`, as for a caller whose policy does not allow the call. */
  | 'access-denied'
  /** The request is held `slowMs` before it is processed; if the caller gave up by then, nothing is stored. */
  | 'slow';

export type MetricsFaultPlan = FaultPlan<MetricsFaultKind>;

export interface MetricsEmulatorOptions {
  port?: number;
  /** The service clock (epoch ms): the timestamp of a datum sent without one, and the age rules. */
  now?: () => number;
  seed?: number;
  /** When set, a request signed with another access key id is refused as the service does. */
  accessKeyId?: string;
  /** When set with `accessKeyId`, signatures are verified (SigV4, service `monitoring`). */
  secretAccessKey?: string;
  /** Operations the caller's IAM policy does not allow: answered with AccessDenied. */
  deniedOperations?: string[];
  /**
   * The `cloudwatch:namespace` condition of the caller's policy: PutMetricData to any other
   * namespace is denied. Every namespace is allowed when absent.
   */
  allowedNamespaces?: string[];
  /** How long a 'slow' fault holds a request; 10 s unless set. */
  slowMs?: number;
}

export interface StoredDatum {
  namespace: string;
  metricName: string;
  /** Name → value, in the order sent. */
  dimensions: Record<string, string>;
  value?: number;
  statisticValues?: { SampleCount: number; Sum: number; Minimum: number; Maximum: number };
  values?: number[];
  counts?: number[];
  /** `None` when the datum named no unit, as the service stores it. */
  unit: string;
  /** Epoch ms: the datum's own timestamp, or the service clock when it had none. */
  timestamp: number;
  storageResolution: number;
  /** The request that stored it. */
  requestId: string;
}

export interface MetricsCall {
  operation: string;
  /** The parsed request body, after gunzip ({} when it was empty or not JSON). */
  body: Record<string, unknown>;
  /** HTTP status answered; 0 when the connection was dropped instead. */
  status: number;
  /** The Query code of an error answer (`Throttling`, `InvalidParameterValue`, …). */
  errorCode?: string;
  errorMessage?: string;
  /** The request's `content-type`, `content-encoding` and `x-amzn-query-mode` headers. */
  contentType: string;
  contentEncoding?: string;
  queryMode: boolean;
  /** Bytes on the wire (compressed when gzip) and after decompression. */
  wireBytes: number;
  bodyBytes: number;
  invocationId: string;
  attempt: number;
  at: number;
  requestId: string;
  fault?: MetricsFaultKind;
}

const TARGET_PREFIX = 'GraniteServiceVersion20100801.';
const ACCOUNT = '123456789012';
const MAX_DATUMS = 1_000;
const MAX_DIMENSIONS = 30;
const MAX_VALUES = 150;
/** Values must lie in -2^360..2^360. */
const MAX_MAGNITUDE = 2 ** 360;
const TWO_WEEKS_MS = 14 * 24 * 3_600_000;
const TWO_HOURS_MS = 2 * 3_600_000;
export const STANDARD_UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
];
/** The service knows many more; these are the ones an exporter could call. */
const OPERATIONS = new Set(['PutMetricData']);

/** An error as an awsQueryCompatible JSON service answers it: shape, Query code, fault side. */
class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly shape: string,
    message: string,
    readonly side: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
  }
}

const invalidValue = (message: string): ServiceError =>
  new ServiceError(
    400,
    'InvalidParameterValue',
    'com.amazonaws.cloudwatch#InvalidParameterValueException',
    message,
  );

const missing = (name: string): ServiceError =>
  new ServiceError(
    400,
    'MissingParameter',
    'com.amazonaws.cloudwatch#MissingRequiredParameterException',
    `The parameter ${name} is required.`,
  );

const validation = (errors: string[]): ServiceError =>
  new ServiceError(
    400,
    'ValidationError',
    'com.amazon.coral.validate#ValidationException',
    `${errors.length} validation error${errors.length === 1 ? '' : 's'} detected: ${errors.join('; ')}`,
  );

export class CloudWatchMetricsEmulator {
  readonly endpoint: string;
  readonly calls: MetricsCall[] = [];
  /** Every datum stored, in the order stored. */
  readonly datums: StoredDatum[] = [];
  /** Mutable, so that a test can deny the call halfway through a fixture's life. */
  readonly deniedOperations: Set<string>;
  allowedNamespaces?: Set<string>;
  slowMs: number;
  private readonly faults: FaultSchedule<MetricsFaultKind>;
  private readonly now: () => number;
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly loopback: Loopback,
    private readonly options: MetricsEmulatorOptions,
  ) {
    this.endpoint = `http://127.0.0.1:${loopback.port}`;
    this.now = options.now ?? Date.now;
    this.deniedOperations = new Set(options.deniedOperations ?? []);
    this.allowedNamespaces = options.allowedNamespaces
      ? new Set(options.allowedNamespaces)
      : undefined;
    this.faults = new FaultSchedule(seededRandom(options.seed ?? 1));
    this.slowMs = options.slowMs ?? 10_000;
  }

  static async start(options: MetricsEmulatorOptions = {}): Promise<CloudWatchMetricsEmulator> {
    const server = http.createServer();
    const emulator = new CloudWatchMetricsEmulator(
      await listenOnLoopback(server, options.port),
      options,
    );
    server.on('request', (req, res) => void emulator.handle(req, res));
    return emulator;
  }

  get port(): number {
    return this.loopback.port;
  }

  /** The environment that points the SDK (and so the bundled action) here. */
  env(): Record<string, string> {
    return { AWS_ENDPOINT_URL_CLOUDWATCH: this.endpoint };
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.loopback.close();
  }

  /** Stored datums, optionally of one metric (and namespace). */
  stored(metricName?: string, namespace?: string): StoredDatum[] {
    return this.datums.filter(
      (d) =>
        (metricName === undefined || d.metricName === metricName) &&
        (namespace === undefined || d.namespace === namespace),
    );
  }

  /** The Sum statistic of a metric over everything stored, as an alarm on Sum would see it. */
  sum(metricName: string, namespace?: string): number {
    return this.stored(metricName, namespace).reduce((total, d) => total + (d.value ?? 0), 0);
  }

  /** The PutMetricData calls the service saw, faulted ones included. */
  puts(): MetricsCall[] {
    return this.calls.filter((call) => call.operation === 'PutMetricData');
  }

  clear(): void {
    this.calls.length = 0;
    this.datums.length = 0;
  }

  injectFaults(plan: MetricsFaultPlan): void {
    this.faults.inject(plan);
  }

  /** The next `count` matching requests fail with `kind`; scripted faults come before the plan. */
  failNext(kind: MetricsFaultKind, count = 1, operations?: string[]): void {
    this.faults.script(kind, count, operations);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let clientGone = false;
    res.on('close', () => {
      clientGone = !res.writableEnded;
    });
    const wire = await readBody(req);
    const encoding = req.headers['content-encoding'];
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    const call: MetricsCall = {
      operation: operation || target,
      body: {},
      status: 0,
      contentType: String(req.headers['content-type'] ?? ''),
      contentEncoding: encoding,
      queryMode: req.headers['x-amzn-query-mode'] === 'true',
      wireBytes: wire.length,
      bodyBytes: wire.length,
      invocationId: String(req.headers['amz-sdk-invocation-id'] ?? ''),
      attempt: Number(/attempt=(\d+)/.exec(String(req.headers['amz-sdk-request'] ?? ''))?.[1] ?? 1),
      at: this.now(),
      requestId: randomUUID(),
    };
    this.calls.push(call);

    const drop = (): void => {
      call.status = 0;
      req.socket.destroy();
    };
    const reply = (status: number, text: string, headers: Record<string, string> = {}): void => {
      call.status = status;
      res.writeHead(status, {
        'Content-Type': 'application/x-amz-json-1.0',
        'Content-Length': Buffer.byteLength(text),
        'x-amzn-RequestId': call.requestId,
        ...headers,
      });
      res.end(text);
    };
    const fail = (error: ServiceError): void => {
      call.errorCode = error.code;
      call.errorMessage = error.message;
      // Only a caller that asked for Query compatibility gets the old code; others see the shape.
      const headers: Record<string, string> = call.queryMode
        ? { 'x-amzn-query-error': `${error.code};${error.side}` }
        : {};
      reply(error.status, JSON.stringify({ __type: error.shape, message: error.message }), headers);
    };

    const fault = operation ? this.faults.pick(operation) : undefined;
    if (fault) call.fault = fault;
    if (fault === 'reset') return drop();
    if (fault === 'slow') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, this.slowMs);
        this.timers.add(timer);
        res.on('close', () => {
          clearTimeout(timer);
          this.timers.delete(timer);
          resolve();
        });
      });
      if (clientGone || req.socket.destroyed) return;
    }

    let stored = false;
    try {
      let bytes = wire;
      if (encoding !== undefined) {
        if (encoding.trim() !== 'gzip') {
          throw invalidValue(`Unsupported Content-Encoding: ${encoding}`);
        }
        try {
          bytes = gunzipSync(wire);
        } catch {
          throw new ServiceError(
            400,
            'SerializationException',
            'com.amazon.coral.service#SerializationException',
            'The request body could not be decompressed',
          );
        }
      }
      call.bodyBytes = bytes.length;
      let body: Record<string, unknown> | undefined;
      try {
        const text = bytes.toString('utf8');
        const parsed: unknown = text === '' ? {} : JSON.parse(text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
          body = parsed as Record<string, unknown>;
        }
      } catch {
        // Answered below.
      }
      call.body = body ?? {};
      if (
        req.method !== 'POST' ||
        (req.url ?? '/').split('?')[0] !== '/' ||
        !OPERATIONS.has(operation)
      ) {
        throw new ServiceError(
          400,
          'InvalidAction',
          'com.amazon.coral.service#UnknownOperationException',
          '',
        );
      }
      this.authenticate(req, wire, operation, body ?? {});
      if (fault === 'access-denied') throw accessDenied(operation);
      if (fault === 'throttle') {
        throw new ServiceError(
          400,
          'Throttling',
          'com.amazon.coral.availability#ThrottlingException',
          'Rate exceeded',
        );
      }
      if (fault === 'unavailable') {
        throw new ServiceError(
          503,
          'ServiceUnavailable',
          'com.amazon.coral.service#ServiceUnavailableException',
          'Service is unavailable.',
        );
      }
      if (fault === 'internal') throw internalError();
      if (!body) {
        throw new ServiceError(
          400,
          'SerializationException',
          'com.amazon.coral.service#SerializationException',
          'Could not parse the request body',
        );
      }
      const datums = this.validatePut(body, call.requestId);
      this.datums.push(...datums);
      stored = true;
    } catch (error) {
      if (fault === 'stored-then-reset') return drop();
      if (error instanceof ServiceError) return fail(error);
      return fail(internalError(String(error)));
    }
    // Processed, and the answer is lost or wrong: the caller cannot tell that it was stored.
    if (stored && fault === 'stored-then-reset') return drop();
    if (stored && fault === 'stored-then-internal') return fail(internalError());
    reply(200, '{}');
  }

  /** What the service front end checks before an operation runs: signature, key, IAM. */
  private authenticate(
    req: IncomingMessage,
    wire: Buffer,
    operation: string,
    body: Record<string, unknown>,
  ): void {
    const header = req.headers.authorization;
    if (!header) {
      throw new ServiceError(
        403,
        'MissingAuthenticationToken',
        'com.amazon.coral.service#MissingAuthenticationTokenException',
        'Request is missing Authentication Token',
      );
    }
    const auth = parseSigV4(header);
    if (!auth) {
      throw new ServiceError(
        400,
        'IncompleteSignature',
        'com.amazon.coral.service#IncompleteSignatureException',
        `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters of an AWS4-HMAC-SHA256 signature. Authorization=${header.split(' ')[0]}`,
      );
    }
    if (auth.service !== 'monitoring') {
      throw new ServiceError(
        403,
        'SignatureDoesNotMatch',
        'com.amazon.coral.service#InvalidSignatureException',
        `Credential should be scoped to correct service: 'monitoring'. `,
      );
    }
    if (this.options.accessKeyId && auth.accessKeyId !== this.options.accessKeyId) {
      throw new ServiceError(
        403,
        'InvalidClientTokenId',
        'com.amazon.coral.service#UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    }
    if (this.options.accessKeyId && this.options.secretAccessKey) {
      const expected = expectedSignature(req, wire, this.options.secretAccessKey, auth);
      if (expected !== auth.signature) {
        throw new ServiceError(
          403,
          'SignatureDoesNotMatch',
          'com.amazon.coral.service#InvalidSignatureException',
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
        );
      }
    }
    const namespace = typeof body.Namespace === 'string' ? body.Namespace : undefined;
    const deniedByCondition =
      operation === 'PutMetricData' &&
      this.allowedNamespaces !== undefined &&
      (namespace === undefined || !this.allowedNamespaces.has(namespace));
    if (this.deniedOperations.has(operation) || deniedByCondition) {
      throw accessDenied(operation);
    }
  }

  /** PutMetricData's rules, checked in the order the service reports them. */
  private validatePut(body: Record<string, unknown>, requestId: string): StoredDatum[] {
    const namespace = body.Namespace;
    if (namespace === undefined || namespace === null) throw missing('Namespace');
    if (typeof namespace !== 'string') throw serialization('Namespace');
    const errors: string[] = [];
    if (namespace.length < 1 || namespace.length > 255) {
      errors.push(
        `Value '${namespace}' at 'namespace' failed to satisfy constraint: Member must have length between 1 and 255`,
      );
    } else if (namespace.startsWith(':')) {
      errors.push(
        `Value '${namespace}' at 'namespace' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:].*`,
      );
    }
    const data = body.MetricData ?? [];
    if (!Array.isArray(data)) throw serialization('MetricData');
    data.forEach((datum: unknown, index) => {
      const d = (datum ?? {}) as Record<string, unknown>;
      const at = `metricData.${index + 1}.member`;
      if (
        typeof d.MetricName === 'string' &&
        (d.MetricName.length < 1 || d.MetricName.length > 255)
      ) {
        errors.push(
          `Value '${d.MetricName}' at '${at}.metricName' failed to satisfy constraint: Member must have length between 1 and 255`,
        );
      }
      if (d.Unit !== undefined && !STANDARD_UNITS.includes(String(d.Unit))) {
        errors.push(
          `Value '${String(d.Unit)}' at '${at}.unit' failed to satisfy constraint: Member must satisfy enum value set: [${STANDARD_UNITS.join(', ')}]`,
        );
      }
      if (Array.isArray(d.Dimensions)) {
        d.Dimensions.forEach((dimension: unknown, j) => {
          const dim = (dimension ?? {}) as Record<string, unknown>;
          const where = `${at}.dimensions.${j + 1}.member`;
          if (typeof dim.Name === 'string' && (dim.Name.length < 1 || dim.Name.length > 255)) {
            errors.push(
              `Value '${dim.Name}' at '${where}.name' failed to satisfy constraint: Member must have length between 1 and 255`,
            );
          }
          if (typeof dim.Value === 'string' && (dim.Value.length < 1 || dim.Value.length > 1024)) {
            errors.push(
              `Value '${dim.Value}' at '${where}.value' failed to satisfy constraint: Member must have length between 1 and 1024`,
            );
          }
        });
      }
    });
    if (errors.length > 0) throw validation(errors);

    // Past the model: the service's own rules, worded as its Query API words them.
    if (namespace.startsWith('AWS/') || !isPrintableAscii(namespace)) {
      throw invalidValue(`The value ${namespace} for parameter Namespace is invalid.`);
    }
    if (data.length === 0) throw missing('MetricData');
    if (data.length > MAX_DATUMS) {
      throw invalidValue(
        `The collection MetricData must not have a size greater than ${MAX_DATUMS}.`,
      );
    }
    const now = this.now();
    return data.map((datum: unknown, index) => {
      const d = (datum ?? {}) as Record<string, unknown>;
      const at = `MetricData.member.${index + 1}`;
      if (typeof d.MetricName !== 'string') throw missing(`${at}.MetricName`);
      const dimensions: Record<string, string> = {};
      const list = d.Dimensions ?? [];
      if (!Array.isArray(list)) throw serialization(`${at}.Dimensions`);
      if (list.length > MAX_DIMENSIONS) {
        throw invalidValue(
          `The collection ${at}.Dimensions must not have a size greater than ${MAX_DIMENSIONS}.`,
        );
      }
      list.forEach((dimension: unknown, j) => {
        const dim = (dimension ?? {}) as Record<string, unknown>;
        const where = `${at}.Dimensions.member.${j + 1}`;
        if (typeof dim.Name !== 'string') throw missing(`${where}.Name`);
        if (typeof dim.Value !== 'string') throw missing(`${where}.Value`);
        if (dim.Name.startsWith(':') || !isPrintableAscii(dim.Name) || dim.Name.trim() === '') {
          throw invalidValue(`The value ${dim.Name} for parameter ${where}.Name is invalid.`);
        }
        if (!isPrintableAscii(dim.Value) || dim.Value.trim() === '') {
          throw invalidValue(`The value ${dim.Value} for parameter ${where}.Value is invalid.`);
        }
        if (dim.Name in dimensions) {
          throw new ServiceError(
            400,
            'InvalidParameterCombination',
            'com.amazonaws.cloudwatch#InvalidParameterCombinationException',
            `The dimension name ${dim.Name} is repeated in ${at}.Dimensions.`,
          );
        }
        dimensions[dim.Name] = dim.Value;
      });
      const kinds = ['Value', 'StatisticValues', 'Values'].filter((k) => d[k] !== undefined);
      if (kinds.length > 1) {
        throw new ServiceError(
          400,
          'InvalidParameterCombination',
          'com.amazonaws.cloudwatch#InvalidParameterCombinationException',
          `The parameters ${at}.${kinds[0]} and ${at}.${kinds[1]} are mutually exclusive and you have specified both.`,
        );
      }
      if (kinds.length === 0) {
        throw new ServiceError(
          400,
          'InvalidParameterCombination',
          'com.amazonaws.cloudwatch#InvalidParameterCombinationException',
          `At least one of the parameters ${at}.Value, ${at}.StatisticValues or ${at}.Values must be specified.`,
        );
      }
      const value = d.Value === undefined ? undefined : checkedNumber(d.Value, `${at}.Value`);
      const values = Array.isArray(d.Values)
        ? d.Values.map((v: unknown, j) => checkedNumber(v, `${at}.Values.member.${j + 1}`))
        : undefined;
      if (values && values.length > MAX_VALUES) {
        throw invalidValue(
          `The collection ${at}.Values must not have a size greater than ${MAX_VALUES}.`,
        );
      }
      const counts = Array.isArray(d.Counts)
        ? d.Counts.map((v: unknown, j) => checkedNumber(v, `${at}.Counts.member.${j + 1}`))
        : undefined;
      if (counts && (!values || counts.length !== values.length)) {
        throw new ServiceError(
          400,
          'InvalidParameterCombination',
          'com.amazonaws.cloudwatch#InvalidParameterCombinationException',
          `The parameters ${at}.Values and ${at}.Counts must be of the same size.`,
        );
      }
      let statisticValues: StoredDatum['statisticValues'];
      if (d.StatisticValues !== undefined) {
        const s = (d.StatisticValues ?? {}) as Record<string, unknown>;
        statisticValues = {
          SampleCount: checkedNumber(s.SampleCount, `${at}.StatisticValues.SampleCount`),
          Sum: checkedNumber(s.Sum, `${at}.StatisticValues.Sum`),
          Minimum: checkedNumber(s.Minimum, `${at}.StatisticValues.Minimum`),
          Maximum: checkedNumber(s.Maximum, `${at}.StatisticValues.Maximum`),
        };
      }
      // Timestamps travel as epoch seconds in AWS JSON.
      let timestamp = now;
      if (d.Timestamp !== undefined) {
        if (typeof d.Timestamp !== 'number') throw serialization(`${at}.Timestamp`);
        timestamp = Math.round(d.Timestamp * 1000);
        if (timestamp < now - TWO_WEEKS_MS) {
          throw invalidValue(
            `The parameter ${at}.Timestamp must specify a time no more than two weeks in the past.`,
          );
        }
        if (timestamp > now + TWO_HOURS_MS) {
          throw invalidValue(
            `The parameter ${at}.Timestamp must specify a time no more than two hours in the future.`,
          );
        }
      }
      const storageResolution =
        d.StorageResolution === undefined ? 60 : Number(d.StorageResolution);
      if (storageResolution !== 1 && storageResolution !== 60) {
        throw invalidValue(
          `The value ${String(d.StorageResolution)} for parameter ${at}.StorageResolution is invalid.`,
        );
      }
      return {
        namespace,
        metricName: d.MetricName,
        dimensions,
        value,
        statisticValues,
        values,
        counts,
        unit: d.Unit === undefined ? 'None' : String(d.Unit),
        timestamp,
        storageResolution,
        requestId,
      };
    });
  }
}

function internalError(message = 'Internal service error'): ServiceError {
  return new ServiceError(
    500,
    'InternalServiceError',
    'com.amazonaws.cloudwatch#InternalServiceFault',
    message,
  );
}

function accessDenied(operation: string): ServiceError {
  return new ServiceError(
    403,
    'AccessDenied',
    'com.amazon.coral.service#AccessDeniedException',
    `User: arn:aws:iam::${ACCOUNT}:user/test is not authorized to perform: cloudwatch:${operation} because no identity-based policy allows the cloudwatch:${operation} action`,
  );
}

function serialization(field: string): ServiceError {
  return new ServiceError(
    400,
    'SerializationException',
    'com.amazon.coral.service#SerializationException',
    `Unexpected type for ${field}`,
  );
}

/** ASCII without control characters: what CloudWatch allows in namespaces and dimensions. */
function isPrintableAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/**
 * A double as AWS JSON carries it: a number, or "NaN" / "Infinity" / "-Infinity" as strings, which
 * the service refuses, as it refuses magnitudes beyond 2^360.
 */
function checkedNumber(value: unknown, name: string): number {
  if (typeof value === 'number' && Math.abs(value) <= MAX_MAGNITUDE) return value;
  if (typeof value === 'number' || typeof value === 'string') {
    throw invalidValue(`The value ${String(value)} for parameter ${name} is invalid.`);
  }
  if (value === undefined || value === null) throw missing(name);
  throw serialization(name);
}
