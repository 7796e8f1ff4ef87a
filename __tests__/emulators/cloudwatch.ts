/**
 * CloudWatch Logs on 127.0.0.1, speaking AWS JSON 1.1 as the SDK expects: the operations an exporter
 * calls, every PutLogEvents rule (count, sizes counted as UTF-8 bytes + 26, order, 24 h span, the
 * 14 days / retention / 2 h rejections reported by index), GetLogEvents paging in both directions
 * with the service's "same token at the end" rule, events readable only after a delay, credential
 * and IAM errors, and injected faults, including "stored, then the connection dropped".
 */
import { createHash, randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import {
  listenOnLoopback,
  readBody,
  seededRandom,
  FaultSchedule,
  type FaultPlan,
  type Loopback,
} from './loopback.js';
import { expectedSignature, parseSigV4 } from './sigv4.js';

export type CloudWatchFaultKind =
  /** 400 ThrottlingException "Rate exceeded": the SDK backs off and retries it. */
  | 'throttle'
  /** 503 ServiceUnavailableException: retried by the SDK. */
  | 'unavailable'
  /** 500 InternalFailure: retried by the SDK. */
  | 'internal'
  /** The connection is dropped before the request is processed: nothing happened. */
  | 'reset'
  /** The request is processed (a put is stored), then the connection is dropped before the answer. */
  | 'stored-then-reset'
  /** The request waits `slowMs` before it is processed; if the caller gave up by then, nothing happens. */
  | 'slow'
  /** 400 InvalidParameterException, as the service answers a batch that breaks a rule. */
  | 'invalid'
  /** The log group is deleted just before the call is processed, as someone might do during a run. */
  | 'delete-group';

export type CloudWatchFaultPlan = FaultPlan<CloudWatchFaultKind>;

export interface CloudWatchEmulatorOptions {
  port?: number;
  /** The service clock (epoch ms), used for ingestion times and the age rules. */
  now?: () => number;
  /** New events become readable (GetLogEvents, FilterLogEvents) only this long after ingestion. */
  readDelayMs?: number;
  /** Seed of the random fault plan, so that a failing run can be replayed. */
  seed?: number;
  /** When set, a request signed with another access key id is refused as the service does. */
  accessKeyId?: string;
  /** When set with `accessKeyId`, signatures are verified (SigV4) against this secret. */
  secretAccessKey?: string;
  /** Operations the caller's IAM policy does not allow: answered with AccessDeniedException. */
  deniedOperations?: string[];
  /** How long a 'slow' fault holds a request; 10 s unless set. */
  slowMs?: number;
}

export interface StoredEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

export interface RecordedCall {
  operation: string;
  /** The parsed request body ({} when it was empty or not JSON). */
  body: Record<string, unknown>;
  /** HTTP status answered; 0 when the connection was dropped instead. */
  status: number;
  /** The `__type` of an error answer. */
  errorType?: string;
  /** `amz-sdk-invocation-id`: the same on every SDK retry of one call ('' when absent). */
  invocationId: string;
  /** From `amz-sdk-request: attempt=N; max=M` (1 when absent). */
  attempt: number;
  /** Service clock when the request arrived. */
  at: number;
  requestId: string;
  fault?: CloudWatchFaultKind;
}

/** Where a request is when `onRequest` sees it. */
export interface CloudWatchRequestMoment {
  /** 'arrived': about to be processed; 'processed': done (a put is stored), the answer not yet sent. */
  phase: 'arrived' | 'processed';
  operation: string;
  /** From the request's signature ('' when unsigned). */
  accessKeyId: string;
}

export interface CloudWatchFailOptions {
  /** How many matching requests fail (1 unless set). */
  times?: number;
  /** Operation names, e.g. ['PutLogEvents']; all operations when absent. */
  operations?: string[];
}

export interface CloudWatchEmulatorStats {
  /** Requests per operation, faulted ones included. */
  operations: Record<string, number>;
  faults: Partial<Record<CloudWatchFaultKind, number>>;
}

/** Stream order is (timestamp, seq); seq is unique across the emulator and grows with ingestion. */
interface Event extends StoredEvent {
  seq: number;
}

interface Stream {
  name: string;
  createdAt: number;
  events: Event[];
  lastIngestionTime?: number;
  storedBytes: number;
}

interface Group {
  name: string;
  createdAt: number;
  retentionDays?: number;
  streams: Map<string, Stream>;
}

/** A position between two events: every event with a key ≤ (ts, seq) lies before it. */
interface Gap {
  ts: number;
  seq: number;
}

interface RequestContext {
  region: string;
}

const TARGET_PREFIX = 'Logs_20140328.';
const ACCOUNT = '123456789012';
const MAX_BATCH_BYTES = 1_048_576;
const MAX_EVENTS = 10_000;
const EVENT_OVERHEAD = 26;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
];
const START: Gap = { ts: 0, seq: 0 };
// Above any real timestamp, and still an exact integer in a double.
const END: Gap = { ts: 9_000_000_000_000_000, seq: 0 };

const LIMITS: Record<string, number> = {
  DescribeLogGroups: 50,
  DescribeLogStreams: 50,
  GetLogEvents: 10_000,
  FilterLogEvents: 10_000,
};

const REQUIRED: Record<string, string[]> = {
  CreateLogGroup: ['logGroupName'],
  CreateLogStream: ['logGroupName', 'logStreamName'],
  DeleteLogGroup: ['logGroupName'],
  DeleteLogStream: ['logGroupName', 'logStreamName'],
  PutRetentionPolicy: ['logGroupName', 'retentionInDays'],
  DeleteRetentionPolicy: ['logGroupName'],
  PutLogEvents: ['logGroupName', 'logStreamName', 'logEvents'],
  GetLogEvents: ['logStreamName'],
  DescribeLogGroups: [],
  DescribeLogStreams: [],
  FilterLogEvents: [],
};

/** Operations on a stream are authorised against the stream's ARN, the rest against the group's. */
const STREAM_OPERATIONS = new Set([
  'CreateLogStream',
  'DeleteLogStream',
  'PutLogEvents',
  'GetLogEvents',
]);

class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

function invalid(message: string): ServiceError {
  return new ServiceError(400, 'InvalidParameterException', message);
}

export class CloudWatchEmulator {
  readonly endpoint: string;
  readonly calls: RecordedCall[] = [];
  readonly stats: CloudWatchEmulatorStats = { operations: {}, faults: {} };
  /** Mutable, so that a test can deny an action halfway through a fixture's life. */
  readonly deniedOperations: Set<string>;
  /** How long a 'slow' fault holds a request. */
  slowMs: number;
  private readonly groups = new Map<string, Group>();
  private readonly faults: FaultSchedule<CloudWatchFaultKind>;
  private readonly now: () => number;
  private readonly timers = new Set<NodeJS.Timeout>();
  private seq = 0;
  private readonly frozen = new Set<string>();
  /**
   * Called twice for every request: as it arrives, and once it is processed (a put stored) but
   * before the answer leaves. A test can `freeze` the caller there, as a kill would.
   */
  onRequest?: (moment: CloudWatchRequestMoment) => void;

  private constructor(
    private readonly loopback: Loopback,
    private readonly options: CloudWatchEmulatorOptions,
  ) {
    this.endpoint = `http://127.0.0.1:${loopback.port}`;
    this.now = options.now ?? Date.now;
    this.deniedOperations = new Set(options.deniedOperations ?? []);
    this.faults = new FaultSchedule(seededRandom(options.seed ?? 1));
    this.slowMs = options.slowMs ?? 10_000;
  }

  static async start(options: CloudWatchEmulatorOptions = {}): Promise<CloudWatchEmulator> {
    const server = http.createServer();
    const emulator = new CloudWatchEmulator(await listenOnLoopback(server, options.port), options);
    server.on('request', (req, res) => void emulator.handle(req, res));
    return emulator;
  }

  get port(): number {
    return this.loopback.port;
  }

  /** Stops listening and cuts open connections, including requests held by a 'slow' fault. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.loopback.close();
  }

  // State helpers: set up or inspect the account directly, without a request.

  createLogGroup(name: string, retentionDays?: number): void {
    this.groups.set(name, { name, createdAt: this.now(), retentionDays, streams: new Map() });
  }

  createLogStream(group: string, stream: string): void {
    const found = this.groups.get(group);
    if (!found) throw new Error(`CloudWatch emulator: no log group ${group}`);
    found.streams.set(stream, { name: stream, createdAt: this.now(), events: [], storedBytes: 0 });
  }

  deleteLogGroup(name: string): void {
    this.groups.delete(name);
  }

  deleteLogStream(group: string, stream: string): void {
    this.groups.get(group)?.streams.delete(stream);
  }

  hasLogGroup(name: string): boolean {
    return this.groups.has(name);
  }

  hasLogStream(group: string, stream: string): boolean {
    return this.groups.get(group)?.streams.has(stream) ?? false;
  }

  retentionOf(group: string): number | undefined {
    return this.groups.get(group)?.retentionDays;
  }

  /** Every stored event of a stream in stream order, readable or not yet. */
  events(group: string, stream: string): StoredEvent[] {
    const found = this.groups.get(group)?.streams.get(stream);
    if (!found) throw new Error(`CloudWatch emulator: no log stream ${group}/${stream}`);
    return found.events.map(({ timestamp, message, ingestionTime }) => ({
      timestamp,
      message,
      ingestionTime,
    }));
  }

  clearCalls(): void {
    this.calls.length = 0;
  }

  injectFaults(plan: CloudWatchFaultPlan): void {
    this.faults.inject(plan);
  }

  /** The next `times` matching requests fail with `kind`; scripted faults come before the plan. */
  failNext(kind: CloudWatchFaultKind, options: CloudWatchFailOptions = {}): void {
    this.faults.script(kind, options.times ?? 1, options.operations);
  }

  /**
   * From now on nothing reaches or leaves a caller signing with this access key id, as if its process
   * were killed: its requests are held unanswered; one already processed keeps its effect (a put
   * stays stored) but its answer is never sent. Held connections are cut by close().
   */
  freeze(accessKeyId: string): void {
    this.frozen.add(accessKeyId);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let clientGone = false;
    res.on('close', () => {
      clientGone = !res.writableEnded;
    });
    const bytes = await readBody(req);
    const raw = bytes.toString('utf8');
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = raw === '' ? {} : JSON.parse(raw);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        body = parsed as Record<string, unknown>;
      }
    } catch {
      // Answered below as the service does: SerializationException.
    }
    const attempt = /attempt=(\d+)/.exec(String(req.headers['amz-sdk-request'] ?? ''))?.[1];
    const call: RecordedCall = {
      operation: operation || target,
      body: body ?? {},
      status: 0,
      invocationId: String(req.headers['amz-sdk-invocation-id'] ?? ''),
      attempt: attempt ? Number(attempt) : 1,
      at: this.now(),
      requestId: randomUUID(),
    };
    this.calls.push(call);
    this.stats.operations[call.operation] = (this.stats.operations[call.operation] ?? 0) + 1;
    const accessKeyId =
      /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
    const held = (phase: CloudWatchRequestMoment['phase']): boolean => {
      this.onRequest?.({ phase, operation: call.operation, accessKeyId });
      return this.frozen.has(accessKeyId);
    };
    if (held('arrived')) return;

    const drop = (): void => {
      if (held('processed')) return;
      call.status = 0;
      req.socket.destroy();
    };
    const reply = (status: number, payload: unknown): void => {
      if (held('processed')) return;
      call.status = status;
      const text = payload === undefined ? '' : JSON.stringify(payload);
      res.writeHead(status, {
        'Content-Type': 'application/x-amz-json-1.1',
        'Content-Length': Buffer.byteLength(text),
        'x-amzn-RequestId': call.requestId,
      });
      res.end(text);
    };
    const fail = (error: ServiceError): void => {
      call.errorType = error.type;
      reply(error.status, { __type: error.type, message: error.message });
    };

    const fault = operation ? this.faults.pick(operation) : undefined;
    if (fault) {
      call.fault = fault;
      this.stats.faults[fault] = (this.stats.faults[fault] ?? 0) + 1;
    }
    // Faults of the connection come first: they happen before the service sees the request.
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
      // The caller timed out (or the emulator closed) while the request was held: not processed.
      if (clientGone || req.socket.destroyed) return;
    }

    let result: unknown;
    try {
      if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== '/' || !operation) {
        throw new ServiceError(400, 'UnknownOperationException', '');
      }
      if (!(operation in REQUIRED)) throw new ServiceError(400, 'UnknownOperationException', '');
      const context = this.authenticate(req, operation, body ?? {}, bytes);
      if (fault === 'throttle') throw new ServiceError(400, 'ThrottlingException', 'Rate exceeded');
      if (fault === 'unavailable') {
        throw new ServiceError(
          503,
          'ServiceUnavailableException',
          'The service cannot complete the request.',
        );
      }
      if (fault === 'internal') {
        throw new ServiceError(500, 'InternalFailure', 'The request processing has failed.');
      }
      if (fault === 'invalid') {
        throw invalid(
          'Log events in a single PutLogEvents request must be in chronological order.',
        );
      }
      if (!body) {
        throw new ServiceError(400, 'SerializationException', 'Could not parse the request body');
      }
      if (fault === 'delete-group') this.groups.delete(String(body.logGroupName));
      validateModel(operation, body);
      result = this.dispatch(operation, body, context);
    } catch (error) {
      if (fault === 'stored-then-reset') return drop();
      if (error instanceof ServiceError) return fail(error);
      return fail(new ServiceError(500, 'InternalFailure', String(error)));
    }
    // Processed, and the answer is lost with the connection: the caller cannot tell what happened.
    if (fault === 'stored-then-reset') return drop();
    reply(200, result);
  }

  /** What the service front end checks before an operation runs: signature, key, IAM. */
  private authenticate(
    req: IncomingMessage,
    operation: string,
    body: Record<string, unknown>,
    raw: Buffer,
  ): RequestContext {
    const auth = req.headers.authorization;
    if (!auth) {
      throw new ServiceError(
        400,
        'MissingAuthenticationTokenException',
        'Missing Authentication Token',
      );
    }
    const signed = parseSigV4(auth);
    if (!signed) {
      throw new ServiceError(
        400,
        'IncompleteSignatureException',
        `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters of an AWS4-HMAC-SHA256 signature. Authorization=${auth.split(' ')[0]}`,
      );
    }
    const { accessKeyId: keyId, region, service, signature } = signed;
    if (service !== 'logs') {
      throw new ServiceError(
        400,
        'InvalidSignatureException',
        `Credential should be scoped to correct service: 'logs'. `,
      );
    }
    if (this.options.accessKeyId && keyId !== this.options.accessKeyId) {
      throw new ServiceError(
        400,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    }
    if (this.options.accessKeyId && this.options.secretAccessKey) {
      const expected = expectedSignature(req, raw, this.options.secretAccessKey, signed);
      if (expected !== signature) {
        throw new ServiceError(
          400,
          'InvalidSignatureException',
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
        );
      }
    }
    if (this.deniedOperations.has(operation)) {
      const group = typeof body.logGroupName === 'string' ? body.logGroupName : '*';
      const stream =
        STREAM_OPERATIONS.has(operation) && typeof body.logStreamName === 'string'
          ? `:log-stream:${body.logStreamName}`
          : '';
      throw new ServiceError(
        400,
        'AccessDeniedException',
        `User: arn:aws:iam::${ACCOUNT}:user/test is not authorized to perform: logs:${operation} on resource: arn:aws:logs:${region}:${ACCOUNT}:log-group:${group}${stream} because no identity-based policy allows the logs:${operation} action`,
      );
    }
    return { region };
  }

  private group(body: Record<string, unknown>): Group {
    const name = groupName(body);
    const group = this.groups.get(name);
    if (!group)
      throw new ServiceError(
        400,
        'ResourceNotFoundException',
        'The specified log group does not exist.',
      );
    return group;
  }

  private stream(body: Record<string, unknown>): Stream {
    const stream = this.group(body).streams.get(String(body.logStreamName));
    if (!stream)
      throw new ServiceError(
        400,
        'ResourceNotFoundException',
        'The specified log stream does not exist.',
      );
    return stream;
  }

  private dispatch(
    operation: string,
    body: Record<string, unknown>,
    context: RequestContext,
  ): unknown {
    switch (operation) {
      case 'CreateLogGroup': {
        const name = String(body.logGroupName);
        if (this.groups.has(name)) {
          throw new ServiceError(
            400,
            'ResourceAlreadyExistsException',
            'The specified log group already exists',
          );
        }
        this.createLogGroup(name);
        return undefined;
      }
      case 'CreateLogStream': {
        const group = this.group(body);
        const name = String(body.logStreamName);
        if (group.streams.has(name)) {
          throw new ServiceError(
            400,
            'ResourceAlreadyExistsException',
            'The specified log stream already exists',
          );
        }
        this.createLogStream(group.name, name);
        return undefined;
      }
      case 'DeleteLogGroup':
        this.groups.delete(this.group(body).name);
        return undefined;
      case 'DeleteLogStream':
        this.group(body).streams.delete(this.stream(body).name);
        return undefined;
      case 'PutRetentionPolicy':
        this.group(body).retentionDays = Number(body.retentionInDays);
        return undefined;
      case 'DeleteRetentionPolicy':
        this.group(body).retentionDays = undefined;
        return undefined;
      case 'DescribeLogGroups':
        return this.describeLogGroups(body, context);
      case 'DescribeLogStreams':
        return this.describeLogStreams(body, context);
      case 'PutLogEvents':
        return this.putLogEvents(body);
      case 'GetLogEvents':
        return this.getLogEvents(body);
      case 'FilterLogEvents':
        return this.filterLogEvents(body);
      default:
        throw new ServiceError(400, 'UnknownOperationException', '');
    }
  }

  private describeLogGroups(body: Record<string, unknown>, context: RequestContext): unknown {
    const prefix = optionalString(body.logGroupNamePrefix);
    const pattern = optionalString(body.logGroupNamePattern);
    if (prefix !== undefined && pattern !== undefined) {
      throw invalid(
        'LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.',
      );
    }
    const groups = [...this.groups.values()]
      .filter((g) => (prefix === undefined ? true : g.name.startsWith(prefix)))
      .filter((g) =>
        pattern === undefined ? true : g.name.toLowerCase().includes(pattern.toLowerCase()),
      )
      .sort((a, b) => compareStrings(a.name, b.name));
    const { items, nextToken } = pageOf(groups, body, 50);
    return {
      logGroups: items.map((g) => ({
        logGroupName: g.name,
        creationTime: g.createdAt,
        retentionInDays: g.retentionDays,
        metricFilterCount: 0,
        arn: `${groupArn(context.region, g.name)}:*`,
        logGroupArn: groupArn(context.region, g.name),
        storedBytes: [...g.streams.values()].reduce((sum, s) => sum + s.storedBytes, 0),
        logGroupClass: 'STANDARD',
      })),
      nextToken,
    };
  }

  private describeLogStreams(body: Record<string, unknown>, context: RequestContext): unknown {
    const group = this.group(body);
    const prefix = optionalString(body.logStreamNamePrefix);
    const byLastEvent = body.orderBy === 'LastEventTime';
    if (body.orderBy !== undefined && body.orderBy !== 'LogStreamName' && !byLastEvent) {
      throw invalid(
        `1 validation error detected: Value '${String(body.orderBy)}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`,
      );
    }
    if (byLastEvent && prefix !== undefined) {
      throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
    }
    const streams = [...group.streams.values()].filter((s) =>
      prefix === undefined ? true : s.name.startsWith(prefix),
    );
    streams.sort((a, b) =>
      byLastEvent
        ? (a.events.at(-1)?.timestamp ?? 0) - (b.events.at(-1)?.timestamp ?? 0) ||
          compareStrings(a.name, b.name)
        : compareStrings(a.name, b.name),
    );
    if (body.descending === true) streams.reverse();
    const { items, nextToken } = pageOf(streams, body, 50);
    return {
      logStreams: items.map((s) => ({
        logStreamName: s.name,
        creationTime: s.createdAt,
        firstEventTimestamp: s.events[0]?.timestamp,
        lastEventTimestamp: s.events.at(-1)?.timestamp,
        lastIngestionTime: s.lastIngestionTime,
        uploadSequenceToken: sequenceToken(s),
        arn: `${groupArn(context.region, group.name)}:log-stream:${s.name}`,
        storedBytes: 0,
      })),
      nextToken,
    };
  }

  /**
   * The order of the checks: the request model (count 1..10,000, non-empty messages, timestamps
   * present; see validateModel) is checked before the operation runs, as for every AWS JSON
   * service. Then the group and the stream must exist, then each event's size, the batch's size and
   * the order; then the events are sorted into too old / expired / too new / valid by the service
   * clock, and only the valid ones must fit in 24 hours.
   */
  private putLogEvents(body: Record<string, unknown>): unknown {
    const group = this.group(body);
    const stream = this.stream(body);
    const events = body.logEvents as { timestamp: number; message: string }[];
    let total = 0;
    for (const event of events) {
      const size = Buffer.byteLength(event.message, 'utf8') + EVENT_OVERHEAD;
      if (size > MAX_BATCH_BYTES) {
        throw invalid(`Log event too large: ${size} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
      }
      total += size;
    }
    if (total > MAX_BATCH_BYTES) {
      throw invalid(`Upload too large: ${total} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
    }
    for (let i = 1; i < events.length; i += 1) {
      if (events[i]!.timestamp < events[i - 1]!.timestamp) {
        throw invalid(
          'Log events in a single PutLogEvents request must be in chronological order.',
        );
      }
    }
    const now = this.now();
    const tooOldBefore = now - 14 * DAY;
    const expiredBefore =
      group.retentionDays === undefined ? -Infinity : now - group.retentionDays * DAY;
    const tooNewAfter = now + 2 * HOUR;
    // The batch is in order, so each kind of rejection is a prefix or a suffix.
    let tooOldEnd = 0;
    let expiredEnd = 0;
    let tooNewStart = events.length;
    events.forEach((event, index) => {
      if (event.timestamp < tooOldBefore) tooOldEnd = index + 1;
      if (event.timestamp < expiredBefore) expiredEnd = index + 1;
      if (event.timestamp > tooNewAfter && tooNewStart === events.length) tooNewStart = index;
    });
    const valid = events.slice(Math.max(tooOldEnd, expiredEnd), tooNewStart);
    if (valid.length > 1 && valid.at(-1)!.timestamp - valid[0]!.timestamp > DAY) {
      throw invalid(
        'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
      );
    }
    for (const event of valid) this.store(stream, event.timestamp, event.message, now);
    if (valid.length > 0) stream.lastIngestionTime = now;
    const rejected: Record<string, number> = {};
    if (tooNewStart < events.length) rejected.tooNewLogEventStartIndex = tooNewStart;
    if (tooOldEnd > 0) rejected.tooOldLogEventEndIndex = tooOldEnd;
    if (expiredEnd > 0) rejected.expiredLogEventEndIndex = expiredEnd;
    return {
      nextSequenceToken: sequenceToken(stream),
      ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
    };
  }

  /** Inserts in stream order: by timestamp, and after every event already stored with the same one. */
  private store(stream: Stream, timestamp: number, message: string, now: number): void {
    this.seq += 1;
    const event: Event = { timestamp, message, ingestionTime: now, seq: this.seq };
    const events = stream.events;
    const last = events.at(-1);
    if (!last || last.timestamp <= timestamp) events.push(event);
    else
      events.splice(upperBound(events, { ts: timestamp, seq: Number.MAX_SAFE_INTEGER }), 0, event);
    stream.storedBytes += Buffer.byteLength(message, 'utf8');
  }

  private readable(event: StoredEvent, now: number): boolean {
    return event.ingestionTime + (this.options.readDelayMs ?? 0) <= now;
  }

  /**
   * Tokens name a gap between two events (f/ to read on from it, b/ to read back from it), so they
   * stay valid while events are added. A page that finds nothing hands back the token it was given:
   * that is how the service says "the end", and how paginateGetLogEvents with stopOnSameToken stops.
   */
  private getLogEvents(body: Record<string, unknown>): unknown {
    const stream = this.stream(body);
    const now = this.now();
    const limit = typeof body.limit === 'number' ? body.limit : 10_000;
    const token = optionalString(body.nextToken);
    let forward: boolean;
    let gap: Gap;
    if (token !== undefined) {
      const decoded = decodeGap(token);
      if (!decoded) throw invalid('The specified nextToken is invalid.');
      forward = decoded.forward;
      gap = decoded.gap;
    } else {
      forward = body.startFromHead === true;
      gap = forward ? START : END;
    }
    const startTime = typeof body.startTime === 'number' ? body.startTime : -Infinity;
    const endTime = typeof body.endTime === 'number' ? body.endTime : Infinity;
    const events = stream.events;
    const page: Event[] = [];
    let bytes = 0;
    const take = (event: Event): boolean => {
      if (!this.readable(event, now)) return true;
      const size = Buffer.byteLength(event.message, 'utf8') + EVENT_OVERHEAD;
      // A page holds at most 1 MB of events, as the service's does.
      if (page.length >= limit || (page.length > 0 && bytes + size > MAX_BATCH_BYTES)) return false;
      bytes += size;
      page.push(event);
      return true;
    };
    if (forward) {
      let i = upperBound(events, gap);
      if (Number.isFinite(startTime))
        i = Math.max(i, upperBound(events, { ts: startTime - 1, seq: Number.MAX_SAFE_INTEGER }));
      for (; i < events.length && events[i]!.timestamp < endTime; i += 1)
        if (!take(events[i]!)) break;
    } else {
      let i = upperBound(events, gap) - 1;
      if (Number.isFinite(endTime))
        i = Math.min(i, upperBound(events, { ts: endTime - 1, seq: Number.MAX_SAFE_INTEGER }) - 1);
      for (; i >= 0 && events[i]!.timestamp >= startTime; i -= 1) if (!take(events[i]!)) break;
      page.reverse();
    }
    const first = page[0];
    const last = page.at(-1);
    // An empty page leaves the position where it was: the same token when one was given, and the
    // head of the stream when none was, so that a later forward read finds what arrives meanwhile.
    const here = token !== undefined ? gap : START;
    return {
      events: page.map((e) => ({
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.ingestionTime,
      })),
      nextForwardToken: encodeGap('f/', last ? { ts: last.timestamp, seq: last.seq } : here),
      nextBackwardToken: encodeGap(
        'b/',
        first ? { ts: first.timestamp, seq: first.seq - 1 } : here,
      ),
    };
  }

  private filterLogEvents(body: Record<string, unknown>): unknown {
    const group = this.group(body);
    const names = Array.isArray(body.logStreamNames) ? body.logStreamNames.map(String) : undefined;
    const prefix = optionalString(body.logStreamNamePrefix);
    if (names && prefix !== undefined) {
      throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
    }
    const now = this.now();
    const limit = typeof body.limit === 'number' ? body.limit : 10_000;
    const startTime = typeof body.startTime === 'number' ? body.startTime : -Infinity;
    const endTime = typeof body.endTime === 'number' ? body.endTime : Infinity;
    const matches = matcher(String(body.filterPattern ?? ''));
    let after: Gap = START;
    if (typeof body.nextToken === 'string') {
      const decoded = decodeGap(Buffer.from(body.nextToken, 'base64url').toString('utf8'));
      if (!decoded) throw invalid('The specified nextToken is invalid.');
      after = decoded.gap;
    }
    const streams = [...group.streams.values()].filter((s) =>
      names ? names.includes(s.name) : prefix === undefined || s.name.startsWith(prefix),
    );
    const found = streams
      .flatMap((s) =>
        s.events
          .filter(
            (e) =>
              compareKey(e, after) > 0 &&
              e.timestamp >= startTime &&
              e.timestamp < endTime &&
              this.readable(e, now) &&
              matches(e.message),
          )
          .map((e) => ({ stream: s.name, event: e })),
      )
      .sort((a, b) => compareKey(a.event, { ts: b.event.timestamp, seq: b.event.seq }));
    const page = found.slice(0, limit);
    const last = page.at(-1)?.event;
    return {
      events: page.map(({ stream, event }) => ({
        logStreamName: stream,
        timestamp: event.timestamp,
        message: event.message,
        ingestionTime: event.ingestionTime,
        eventId: eventId(event),
      })),
      // Unlike GetLogEvents, FilterLogEvents says "the end" by leaving the token out.
      nextToken:
        found.length > limit && last
          ? Buffer.from(encodeGap('f/', { ts: last.timestamp, seq: last.seq })).toString(
              'base64url',
            )
          : undefined,
    };
  }
}

/**
 * The checks AWS runs on a request against the service model before the operation itself, worded
 * as the service words them: "1 validation error detected: Value '' at 'logEvents.1.member.message'
 * failed to satisfy constraint: Member must have length greater than or equal to 1".
 */
function validateModel(operation: string, body: Record<string, unknown>): void {
  const errors: string[] = [];
  for (const field of REQUIRED[operation] ?? []) {
    if (body[field] === undefined || body[field] === null) {
      errors.push(`Value null at '${field}' failed to satisfy constraint: Member must not be null`);
    }
  }
  if (typeof body.logGroupName === 'string') {
    const name = body.logGroupName;
    if (name.length < 1 || name.length > 512) {
      errors.push(
        `Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must have length between 1 and 512`,
      );
    } else if (!/^[.\-_/#A-Za-z0-9]+$/.test(name)) {
      errors.push(
        `Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`,
      );
    }
  }
  if (typeof body.logStreamName === 'string') {
    const name = body.logStreamName;
    if (name.length < 1 || name.length > 512) {
      errors.push(
        `Value '${name}' at 'logStreamName' failed to satisfy constraint: Member must have length between 1 and 512`,
      );
    } else if (/[:*]/.test(name)) {
      errors.push(
        `Value '${name}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*`,
      );
    }
  }
  const maxLimit = LIMITS[operation];
  if (maxLimit !== undefined && body.limit !== undefined) {
    const limit = Number(body.limit);
    if (!(limit >= 1)) {
      errors.push(
        `Value '${String(body.limit)}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`,
      );
    } else if (limit > maxLimit) {
      errors.push(
        `Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${maxLimit}`,
      );
    }
  }
  if (body.nextToken === '') {
    errors.push(
      `Value '' at 'nextToken' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    );
  }
  if (operation === 'PutRetentionPolicy' && body.retentionInDays !== undefined) {
    if (!RETENTION_DAYS.includes(Number(body.retentionInDays))) {
      errors.push(
        `Value '${String(body.retentionInDays)}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
      );
    }
  }
  if (operation === 'PutLogEvents' && body.logEvents !== undefined) {
    const events = body.logEvents;
    if (!Array.isArray(events)) {
      throw new ServiceError(400, 'SerializationException', 'logEvents must be a list');
    }
    if (events.length < 1) {
      errors.push(
        `Value '[]' at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1`,
      );
    } else if (events.length > MAX_EVENTS) {
      errors.push(
        `Value '[${events.length} events]' at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to ${MAX_EVENTS}`,
      );
    }
    events.forEach((event: unknown, index) => {
      const e = (event ?? {}) as { timestamp?: unknown; message?: unknown };
      const at = `logEvents.${index + 1}.member`;
      if (e.timestamp === undefined || e.timestamp === null) {
        errors.push(
          `Value null at '${at}.timestamp' failed to satisfy constraint: Member must not be null`,
        );
      } else if (typeof e.timestamp !== 'number' || !Number.isInteger(e.timestamp)) {
        throw new ServiceError(400, 'SerializationException', `${at}.timestamp must be a number`);
      }
      if (e.message === undefined || e.message === null) {
        errors.push(
          `Value null at '${at}.message' failed to satisfy constraint: Member must not be null`,
        );
      } else if (typeof e.message !== 'string') {
        throw new ServiceError(400, 'SerializationException', `${at}.message must be a string`);
      } else if (e.message.length === 0) {
        errors.push(
          `Value '' at '${at}.message' failed to satisfy constraint: Member must have length greater than or equal to 1`,
        );
      }
    });
  }
  if (errors.length > 0) {
    throw invalid(
      `${errors.length} validation error${errors.length === 1 ? '' : 's'} detected: ${errors.join('; ')}`,
    );
  }
}

/** The group a request names, by logGroupName or by logGroupIdentifier (a name or an ARN). */
function groupName(body: Record<string, unknown>): string {
  const name = optionalString(body.logGroupName);
  const identifier = optionalString(body.logGroupIdentifier);
  if (name !== undefined && identifier !== undefined) {
    throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  if (identifier === undefined) {
    if (name === undefined) {
      throw invalid('Should provide either logGroupName or logGroupIdentifier.');
    }
    return name;
  }
  const arn = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(identifier);
  return arn ? arn[1]! : identifier;
}

function groupArn(region: string, group: string): string {
  return `arn:aws:logs:${region}:${ACCOUNT}:log-group:${group}`;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Code-point order, as the service sorts names (not the locale's order). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareKey(event: Event, gap: Gap): number {
  return event.timestamp - gap.ts || event.seq - gap.seq;
}

/** The index of the first event after the gap. */
function upperBound(events: Event[], gap: Gap): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareKey(events[mid]!, gap) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** 56 digits and a suffix, shaped like the service's own tokens ("f/3639…0688/s"). */
function encodeGap(prefix: 'f/' | 'b/', gap: Gap): string {
  return `${prefix}${String(gap.ts).padStart(20, '0')}${String(gap.seq).padStart(36, '0')}/s`;
}

function decodeGap(token: string): { forward: boolean; gap: Gap } | undefined {
  const parts = /^([fb])\/(\d{20})(\d{36})\/s$/.exec(token);
  if (!parts) return undefined;
  return { forward: parts[1] === 'f', gap: { ts: Number(parts[2]), seq: Number(parts[3]) } };
}

function eventId(event: Event): string {
  return `${String(event.timestamp).padStart(20, '0')}${String(event.seq).padStart(36, '0')}`;
}

/** Sequence tokens are ignored since 2023, but still returned; this one changes with every put. */
function sequenceToken(stream: Stream): string {
  return createHash('sha256')
    .update(`${stream.name}:${stream.events.length}:${stream.lastIngestionTime ?? 0}`)
    .digest('hex')
    .replace(/[a-f]/g, (c) => String(c.charCodeAt(0) % 10))
    .slice(0, 56);
}

/**
 * A small part of the filter pattern syntax, enough for tests: terms that must all appear, "quoted
 * phrases", ?terms of which one must appear, and -terms that must not. Matching is case-sensitive, as
 * the service's is.
 */
function matcher(pattern: string): (message: string) => boolean {
  const terms = [...pattern.matchAll(/([?-]?)(?:"([^"]*)"|(\S+))/g)].map((m) => ({
    kind: m[1],
    text: m[2] ?? m[3] ?? '',
  }));
  const all = terms.filter((t) => t.kind === '').map((t) => t.text);
  const any = terms.filter((t) => t.kind === '?').map((t) => t.text);
  const none = terms.filter((t) => t.kind === '-').map((t) => t.text);
  return (message) =>
    all.every((t) => message.includes(t)) &&
    (any.length === 0 || any.some((t) => message.includes(t))) &&
    !none.some((t) => message.includes(t));
}

/** DescribeLogGroups and DescribeLogStreams pages: the token is the offset of the next item. */
function pageOf<T>(
  items: T[],
  body: Record<string, unknown>,
  defaultLimit: number,
): { items: T[]; nextToken?: string } {
  let offset = 0;
  if (typeof body.nextToken === 'string') {
    const decoded = Number(Buffer.from(body.nextToken, 'base64url').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0)
      throw invalid('The specified nextToken is invalid.');
    offset = decoded;
  }
  const limit = typeof body.limit === 'number' ? body.limit : defaultLimit;
  const end = offset + limit;
  return {
    items: items.slice(offset, end),
    nextToken: end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined,
  };
}
