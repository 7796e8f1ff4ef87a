/**
 * CloudWatch Logs over AWS JSON 1.1 on 127.0.0.1: the operations an exporter calls, every
 * PutLogEvents rule (count, sizes counted as UTF-8 + 26, order, 24 h span, 14 days / retention / 2 h
 * rejections by index), GetLogEvents paging in both directions, readable-after delay, access errors
 * and injected faults, including "stored, then the connection dropped".
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback, readBody, seededRandom, type Loopback } from './loopback.js';

export type CloudWatchFaultKind =
  | 'throttle'
  | 'unavailable'
  | 'internal'
  | 'reset'
  | 'stored-then-reset'
  | 'slow'
  /** Answers InvalidParameterException, as the service does for a batch that breaks a rule. */
  | 'invalid'
  /** Deletes the log group just before the call, as someone might during a run. */
  | 'delete-group';

export interface CloudWatchEmulatorOptions {
  port?: number;
  now?: () => number;
  readDelayMs?: number;
  seed?: number;
  accessKeyId?: string;
  deniedOperations?: string[];
  slowMs?: number;
}

export interface StoredEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

export interface RecordedCall {
  operation: string;
  body: Record<string, unknown>;
  status: number;
  errorType?: string;
  invocationId?: string;
  attempt?: number;
  at: number;
  fault?: CloudWatchFaultKind;
}

interface Group {
  name: string;
  createdAt: number;
  retentionDays?: number;
  streams: Map<string, { createdAt: number; events: StoredEvent[] }>;
}

const MAX_BATCH_BYTES = 1_048_576;
const MAX_EVENTS = 10_000;
const EVENT_OVERHEAD = 26;
const DAY = 86_400_000;
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
];

class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export class CloudWatchEmulator {
  readonly calls: RecordedCall[] = [];
  readonly stats = {
    operations: {} as Record<string, number>,
    faults: {} as Partial<Record<CloudWatchFaultKind, number>>,
  };
  private readonly groups = new Map<string, Group>();
  private plan?: { probability: number; kinds: CloudWatchFaultKind[]; operations?: string[] };
  private readonly scripted: { kind: CloudWatchFaultKind; count: number; operations?: string[] }[] =
    [];
  private readonly random: () => number;
  private readonly now: () => number;
  deniedOperations: Set<string>;

  private constructor(
    private readonly loopback: Loopback,
    private readonly options: CloudWatchEmulatorOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.deniedOperations = new Set(options.deniedOperations ?? []);
    this.random = seededRandom(options.seed ?? 1);
  }

  get port(): number {
    return this.loopback.port;
  }

  static async start(options: CloudWatchEmulatorOptions = {}): Promise<CloudWatchEmulator> {
    const server = http.createServer();
    const emulator = new CloudWatchEmulator(await listenOnLoopback(server, options.port), options);
    server.on('request', (req, res) => void emulator.handle(req, res));
    return emulator;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    return this.loopback.close();
  }

  createLogGroup(name: string, retentionDays?: number): void {
    this.groups.set(name, { name, createdAt: this.now(), retentionDays, streams: new Map() });
  }

  createLogStream(group: string, stream: string): void {
    const found = this.groups.get(group);
    if (!found) throw new Error(`no log group ${group}`);
    found.streams.set(stream, { createdAt: this.now(), events: [] });
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

  events(group: string, stream: string): StoredEvent[] {
    const found = this.groups.get(group)?.streams.get(stream);
    if (!found) throw new Error(`no log stream ${group}/${stream}`);
    return [...found.events];
  }

  clearCalls(): void {
    this.calls.length = 0;
  }

  injectFaults(plan: {
    probability: number;
    kinds: CloudWatchFaultKind[];
    operations?: string[];
  }): void {
    this.plan = plan;
  }

  failNext(kind: CloudWatchFaultKind, count = 1, operations?: string[]): void {
    this.scripted.push({ kind, count, operations });
  }

  clearFaults(): void {
    this.plan = undefined;
    this.scripted.length = 0;
  }

  private pickFault(operation: string): CloudWatchFaultKind | undefined {
    const scripted = this.scripted.find(
      (s) => s.count > 0 && (!s.operations || s.operations.includes(operation)),
    );
    if (scripted) {
      scripted.count -= 1;
      return scripted.kind;
    }
    const plan = this.plan;
    if (
      plan &&
      (!plan.operations || plan.operations.includes(operation)) &&
      this.random() < plan.probability
    ) {
      const kind = plan.kinds[Math.floor(this.random() * plan.kinds.length)]!;
      // Only a put can be stored before its connection drops; elsewhere that is a plain reset.
      return kind === 'stored-then-reset' && operation !== 'PutLogEvents' ? 'reset' : kind;
    }
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = (await readBody(req)).toString('utf8');
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('Logs_20140328.')
      ? target.slice('Logs_20140328.'.length)
      : target;
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      // Answered below as a serialization error.
    }
    const attempt = /attempt=(\d+)/.exec(String(req.headers['amz-sdk-request'] ?? ''))?.[1];
    const call: RecordedCall = {
      operation,
      body,
      status: 0,
      invocationId: req.headers['amz-sdk-invocation-id'] as string | undefined,
      attempt: attempt ? Number(attempt) : undefined,
      at: this.now(),
    };
    this.calls.push(call);
    this.stats.operations[operation] = (this.stats.operations[operation] ?? 0) + 1;

    const reply = (status: number, payload: unknown): void => {
      call.status = status;
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': randomUUID(),
      });
      res.end(JSON.stringify(payload));
    };
    const fail = (error: ServiceError): void => {
      call.errorType = error.type;
      reply(error.status, { __type: error.type, message: error.message });
    };

    const fault = this.pickFault(operation);
    if (fault) {
      call.fault = fault;
      this.stats.faults[fault] = (this.stats.faults[fault] ?? 0) + 1;
      if (fault === 'reset') {
        call.status = -1;
        req.socket.destroy();
        return;
      }
      if (fault === 'throttle')
        return fail(new ServiceError(400, 'ThrottlingException', 'Rate exceeded'));
      if (fault === 'unavailable') {
        return fail(
          new ServiceError(
            503,
            'ServiceUnavailableException',
            'The service is unavailable. Please try again later.',
          ),
        );
      }
      if (fault === 'internal')
        return fail(new ServiceError(500, 'InternalFailure', 'An internal error occurred.'));
      if (fault === 'invalid') {
        return fail(
          new ServiceError(
            400,
            'InvalidParameterException',
            'Log events in a single PutLogEvents request must be in chronological order.',
          ),
        );
      }
      if (fault === 'delete-group') this.groups.delete(String(body.logGroupName));
      if (fault === 'slow') {
        await new Promise((resolve) => setTimeout(resolve, this.options.slowMs ?? 10_000));
        if (res.destroyed) return;
      }
    }

    try {
      this.authenticate(req, operation, body);
      if (req.method !== 'POST' || (req.url ?? '/') !== '/') {
        throw new ServiceError(404, 'UnknownOperationException', 'Not found');
      }
      const result = this.dispatch(operation, body);
      if (fault === 'stored-then-reset') {
        call.status = -1;
        req.socket.destroy();
        return;
      }
      reply(200, result);
    } catch (error) {
      if (error instanceof ServiceError) return fail(error);
      return fail(new ServiceError(500, 'InternalFailure', String(error)));
    }
  }

  private authenticate(
    req: IncomingMessage,
    operation: string,
    body: Record<string, unknown>,
  ): void {
    const auth = String(req.headers.authorization ?? '');
    const credential =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
    if (!credential) {
      throw new ServiceError(
        400,
        'MissingAuthenticationTokenException',
        'Missing Authentication Token',
      );
    }
    if (credential[3] !== 'logs') {
      throw new ServiceError(
        400,
        'InvalidSignatureException',
        `Credential should be scoped to correct service: 'logs'.`,
      );
    }
    if (this.options.accessKeyId && credential[1] !== this.options.accessKeyId) {
      throw new ServiceError(
        400,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    }
    if (this.deniedOperations.has(operation)) {
      const group = String(body.logGroupName ?? '*');
      throw new ServiceError(
        400,
        'AccessDeniedException',
        `User: arn:aws:iam::123456789012:user/test is not authorized to perform: logs:${operation} on resource: arn:aws:logs:${credential[2]}:123456789012:log-group:${group} because no identity-based policy allows the logs:${operation} action`,
      );
    }
  }

  private group(name: unknown): Group {
    const group = this.groups.get(String(name));
    if (!group)
      throw new ServiceError(
        400,
        'ResourceNotFoundException',
        'The specified log group does not exist.',
      );
    return group;
  }

  private stream(
    groupName: unknown,
    streamName: unknown,
  ): { createdAt: number; events: StoredEvent[] } {
    const stream = this.group(groupName).streams.get(String(streamName));
    if (!stream)
      throw new ServiceError(
        400,
        'ResourceNotFoundException',
        'The specified log stream does not exist.',
      );
    return stream;
  }

  private dispatch(operation: string, body: Record<string, unknown>): unknown {
    switch (operation) {
      case 'CreateLogGroup': {
        const name = String(body.logGroupName ?? '');
        if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name))
          throw new ServiceError(
            400,
            'InvalidParameterException',
            '1 validation error detected: logGroupName',
          );
        if (this.groups.has(name))
          throw new ServiceError(
            400,
            'ResourceAlreadyExistsException',
            'The specified log group already exists',
          );
        this.createLogGroup(name);
        return {};
      }
      case 'CreateLogStream': {
        const group = this.group(body.logGroupName);
        const name = String(body.logStreamName ?? '');
        if (group.streams.has(name))
          throw new ServiceError(
            400,
            'ResourceAlreadyExistsException',
            'The specified log stream already exists',
          );
        group.streams.set(name, { createdAt: this.now(), events: [] });
        return {};
      }
      case 'PutRetentionPolicy': {
        const group = this.group(body.logGroupName);
        const days = Number(body.retentionInDays);
        if (!RETENTION_DAYS.includes(days)) {
          throw new ServiceError(
            400,
            'InvalidParameterException',
            `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint`,
          );
        }
        group.retentionDays = days;
        return {};
      }
      case 'DeleteLogGroup':
        this.group(body.logGroupName);
        this.groups.delete(String(body.logGroupName));
        return {};
      case 'DeleteLogStream':
        this.stream(body.logGroupName, body.logStreamName);
        this.group(body.logGroupName).streams.delete(String(body.logStreamName));
        return {};
      case 'DescribeLogGroups': {
        const prefix = String(body.logGroupNamePrefix ?? '');
        const groups = [...this.groups.values()]
          .filter((g) => g.name.startsWith(prefix))
          .sort((a, b) => a.name.localeCompare(b.name));
        return page(
          groups,
          body,
          (g) => ({
            logGroupName: g.name,
            creationTime: g.createdAt,
            retentionInDays: g.retentionDays,
            arn: `arn:aws:logs:us-east-1:123456789012:log-group:${g.name}:*`,
            storedBytes: 0,
          }),
          'logGroups',
          50,
        );
      }
      case 'DescribeLogStreams': {
        const group = this.group(body.logGroupName);
        const prefix = String(body.logStreamNamePrefix ?? '');
        let streams = [...group.streams.entries()].filter(([name]) => name.startsWith(prefix));
        streams.sort(([a, x], [b, y]) =>
          body.orderBy === 'LastEventTime'
            ? (x.events.at(-1)?.timestamp ?? 0) - (y.events.at(-1)?.timestamp ?? 0)
            : a.localeCompare(b),
        );
        if (body.descending === true) streams = streams.reverse();
        return page(
          streams,
          body,
          ([name, s]) => ({
            logStreamName: name,
            creationTime: s.createdAt,
            firstEventTimestamp: s.events[0]?.timestamp,
            lastEventTimestamp: s.events.at(-1)?.timestamp,
            lastIngestionTime:
              s.events.reduce((m, e) => Math.max(m, e.ingestionTime), 0) || undefined,
            arn: `arn:aws:logs:us-east-1:123456789012:log-group:${group.name}:log-stream:${name}`,
            storedBytes: 0,
          }),
          'logStreams',
          50,
        );
      }
      case 'PutLogEvents':
        return this.putLogEvents(body);
      case 'GetLogEvents':
        return this.getLogEvents(body);
      case 'FilterLogEvents': {
        const group = this.group(body.logGroupName);
        const names = (body.logStreamNames as string[] | undefined) ?? [...group.streams.keys()];
        const pattern = String(body.filterPattern ?? '').replace(/^"|"$/g, '');
        const events = names.flatMap((name) =>
          (group.streams.get(name)?.events ?? [])
            .filter(
              (e) =>
                this.readable(e) && inRange(e, body) && (!pattern || e.message.includes(pattern)),
            )
            .map((e, i) => ({
              logStreamName: name,
              timestamp: e.timestamp,
              message: e.message,
              ingestionTime: e.ingestionTime,
              eventId: `${name}-${i}`,
            })),
        );
        events.sort((a, b) => a.timestamp - b.timestamp);
        return {
          events: events.slice(0, Number(body.limit ?? 10_000)),
          searchedLogStreams: names.map((n) => ({ logStreamName: n, searchedCompletely: true })),
        };
      }
      default:
        throw new ServiceError(400, 'UnknownOperationException', `Unknown operation ${operation}`);
    }
  }

  private putLogEvents(body: Record<string, unknown>): unknown {
    const stream = this.stream(body.logGroupName, body.logStreamName);
    const group = this.group(body.logGroupName);
    const events = (body.logEvents as { timestamp: number; message: string }[] | undefined) ?? [];
    if (events.length < 1 || events.length > MAX_EVENTS) {
      throw new ServiceError(
        400,
        'InvalidParameterException',
        `1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length between 1 and ${MAX_EVENTS}`,
      );
    }
    let total = 0;
    for (const event of events) {
      if (
        typeof event.message !== 'string' ||
        event.message.length === 0 ||
        typeof event.timestamp !== 'number'
      ) {
        throw new ServiceError(
          400,
          'InvalidParameterException',
          'Log event message and timestamp are required and the message cannot be empty.',
        );
      }
      const size = Buffer.byteLength(event.message, 'utf8') + EVENT_OVERHEAD;
      if (size > MAX_BATCH_BYTES) {
        throw new ServiceError(
          400,
          'InvalidParameterException',
          `Log event too large: ${size} bytes exceeds limit of ${MAX_BATCH_BYTES}`,
        );
      }
      total += size;
    }
    if (total > MAX_BATCH_BYTES) {
      throw new ServiceError(
        400,
        'InvalidParameterException',
        `Upload too large: ${total} bytes exceeds limit of ${MAX_BATCH_BYTES}`,
      );
    }
    for (let i = 1; i < events.length; i += 1) {
      if (events[i]!.timestamp < events[i - 1]!.timestamp) {
        throw new ServiceError(
          400,
          'InvalidParameterException',
          'Log events in a single PutLogEvents request must be in chronological order.',
        );
      }
    }
    const now = this.now();
    const tooOldBefore = now - 14 * DAY;
    const expiredBefore = group.retentionDays ? now - group.retentionDays * DAY : -Infinity;
    const tooNewAfter = now + 2 * 3_600_000;
    let tooOldEnd = 0;
    let expiredEnd = 0;
    let tooNewStart = events.length;
    events.forEach((event, index) => {
      if (event.timestamp < tooOldBefore) tooOldEnd = index + 1;
      if (event.timestamp < expiredBefore) expiredEnd = index + 1;
      if (event.timestamp > tooNewAfter && tooNewStart === events.length) tooNewStart = index;
    });
    const validStart = Math.max(tooOldEnd, expiredEnd);
    const valid = events.slice(validStart, tooNewStart);
    if (valid.length > 1 && valid[valid.length - 1]!.timestamp - valid[0]!.timestamp > DAY) {
      throw new ServiceError(
        400,
        'InvalidParameterException',
        'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
      );
    }
    for (const event of valid) {
      stream.events.push({
        timestamp: event.timestamp,
        message: event.message,
        ingestionTime: now,
      });
    }
    // Stored in timestamp order, stable by arrival, as GetLogEvents returns them.
    stream.events.sort((a, b) => a.timestamp - b.timestamp);
    const rejected: Record<string, number> = {};
    if (tooOldEnd > 0) rejected.tooOldLogEventEndIndex = tooOldEnd;
    if (expiredEnd > 0) rejected.expiredLogEventEndIndex = expiredEnd;
    if (tooNewStart < events.length) rejected.tooNewLogEventStartIndex = tooNewStart;
    return {
      nextSequenceToken: randomUUID().replace(/-/g, ''),
      ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
    };
  }

  private readable(event: StoredEvent): boolean {
    return event.ingestionTime + (this.options.readDelayMs ?? 0) <= this.now();
  }

  /** Tokens are f/<index> (forward from there) and b/<index> (backward, exclusive end). */
  private getLogEvents(body: Record<string, unknown>): unknown {
    const stream = this.stream(body.logGroupName, body.logStreamName);
    const events = stream.events.filter((e) => this.readable(e) && inRange(e, body));
    const limit = Math.min(10_000, Number(body.limit ?? 10_000));
    const token = typeof body.nextToken === 'string' ? body.nextToken : undefined;
    let start: number;
    let end: number;
    if (token?.startsWith('f/')) {
      start = Number(token.slice(2));
      end = Math.min(events.length, start + limit);
    } else if (token?.startsWith('b/')) {
      end = Number(token.slice(2));
      start = Math.max(0, end - limit);
    } else if (body.startFromHead === true) {
      start = 0;
      end = Math.min(events.length, limit);
    } else {
      end = events.length;
      start = Math.max(0, end - limit);
    }
    // A page holds at most 1 MB, like the real service.
    let bytes = 0;
    const pageEvents: StoredEvent[] = [];
    const forward = token?.startsWith('f/') || (!token && body.startFromHead === true);
    const indexes = Array.from({ length: end - start }, (_, i) => start + i);
    for (const index of forward ? indexes : indexes.reverse()) {
      const size = Buffer.byteLength(events[index]!.message) + EVENT_OVERHEAD;
      if (bytes + size > MAX_BATCH_BYTES && pageEvents.length > 0) break;
      bytes += size;
      pageEvents.push(events[index]!);
    }
    if (forward) end = start + pageEvents.length;
    else {
      pageEvents.reverse();
      start = end - pageEvents.length;
    }
    const nextForwardToken = `f/${end}`;
    const nextBackwardToken = `b/${start}`;
    return {
      events: pageEvents.map((e) => ({
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.ingestionTime,
      })),
      // At either end the service hands back the token it was given.
      nextForwardToken: token?.startsWith('f/') && end === start ? token : nextForwardToken,
      nextBackwardToken: token?.startsWith('b/') && start === end ? token : nextBackwardToken,
    };
  }
}

function inRange(event: StoredEvent, body: Record<string, unknown>): boolean {
  if (typeof body.startTime === 'number' && event.timestamp < body.startTime) return false;
  if (typeof body.endTime === 'number' && event.timestamp >= body.endTime) return false;
  return true;
}

function page<T>(
  items: T[],
  body: Record<string, unknown>,
  map: (item: T) => unknown,
  key: string,
  defaultLimit: number,
): Record<string, unknown> {
  const offset = typeof body.nextToken === 'string' ? Number(body.nextToken) : 0;
  const limit = Number(body.limit ?? defaultLimit);
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? String(offset + limit) : undefined;
  return { [key]: slice.map(map), ...(next ? { nextToken: next } : {}) };
}
