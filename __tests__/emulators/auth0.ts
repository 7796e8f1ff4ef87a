/**
 * An Auth0 tenant's Management API, as far as a log exporter sees it: HTTPS on 127.0.0.1, the
 * client-credentials token endpoint, GET /api/v2/logs in checkpoint mode (from + take, log_id order,
 * Link headers) and search mode (page, per_page, sort, q) over a search index that can lag, miss
 * logs and disorder dates, GET /api/v2/logs/{id}, GET /api/v2/stats/active-users (a cheap call for
 * the tenant's other clients), one token bucket for every client of the tenant with its
 * x-ratelimit-* headers, a round-trip latency, log retention, and injected faults.
 */
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback, readBody, seededRandom, type Loopback } from './loopback.js';
import { loadTestTls, type TestTls } from './tls.js';

export interface Auth0Log {
  log_id: string;
  date: string;
  type: string;
  [field: string]: unknown;
}

export type Auth0FaultKind =
  | 'rate-limit'
  | 'server-error'
  | 'unavailable'
  | 'reset'
  | 'slow'
  | 'forbidden'
  | 'unauthorized'
  | 'bad-request';

export interface Auth0FaultPlan {
  probability: number;
  kinds: Auth0FaultKind[];
  paths?: RegExp;
}

/**
 * How far Auth0's search index (search mode: q, sort, page) differs from its log store (checkpoint
 * mode). Auth0 indexes events with delays ("you may see some delays"); an exporter must never depend
 * on the index for completeness.
 */
export interface SearchIndexOptions {
  /** The newest this many logs are not searchable yet. */
  lagLogs?: number;
  /** Logs dated within this many ms of now are not searchable yet. */
  lagMs?: number;
  /** Each log is left out of the index with this probability (the same logs on every query). */
  omitProbability?: number;
  /** The index sees each log's date moved by up to this many ms either way, so search results come out of log_id order. */
  dateSkewMs?: number;
}

export interface Auth0Client {
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

export interface Auth0EmulatorOptions {
  tls?: Pick<TestTls, 'certPem' | 'keyPem'>;
  port?: number;
  clientId?: string;
  clientSecret?: string;
  scopes?: string[];
  tokenLifetimeSeconds?: number;
  retentionDays?: number;
  /**
   * The tenant's Management API bucket (Auth0's token bucket: burst = limit, sustained = refill),
   * shared by every client of the tenant. Enterprise production: 50 and 16/s; free: 2 and 2/s.
   */
  rateLimit?: { limit: number; refillPerSecond: number };
  /** Every answer leaves this long after its request arrived (a tenant answers in ~150 ms). */
  latencyMs?: number;
  search?: SearchIndexOptions;
  now?: () => number;
  seed?: number;
  slowMs?: number;
}

/** Where a request is when `onRequest` sees it. */
export interface Auth0RequestMoment {
  /** 'arrived': about to be processed; 'processed': answered by the service, not yet sent back. */
  phase: 'arrived' | 'processed';
  path: string;
  /** The client whose credentials or token the request carries (undefined when it carries none). */
  clientId?: string;
}

export interface Auth0FailOptions {
  /** How many matching requests fail (1 unless set). */
  times?: number;
  /** Matching requests let through before the first failure. */
  afterRequests?: number;
  /** Only requests whose path matches fail; all when absent. */
  paths?: RegExp;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  at: number;
  fault?: Auth0FaultKind;
  /** The client whose token the request carried. */
  clientId?: string;
  /** Search mode: the log_ids answered, in order. */
  found?: string[];
}

const DAY = 86_400_000;

/** Realistic '900' + UTC yyyymmddhhmmss + counter ids: equal length, so string order is id order. */
export function makeLogId(date: Date, sequence: number): string {
  const stamp = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `900${stamp}${String(sequence).padStart(39, '0')}`;
}

interface Template {
  type: string;
  description: string;
  fields: (n: number) => Record<string, unknown>;
}

const USERS = [
  { user_id: 'auth0|64f1c0a2b3', user_name: 'alice@example.com' },
  { user_id: 'auth0|650aa1d9c7', user_name: 'Zoë Łukasiewicz' },
  { user_id: 'google-oauth2|1093', user_name: '山田太郎' },
  { user_id: 'auth0|6511f0e2aa', user_name: 'bob.o’neil@example.org' },
  { user_id: 'samlp|acme|jdoe', user_name: 'jdoe@acme.test' },
];
const CLIENTS = [
  { client_id: 'HsTQ8p1uY5m3N2lkq9WzAbCdEf012345', client_name: 'Acme Web' },
  { client_id: 'Mz0qP4vB7cR9tS1uV3wX5yZ7aB9cD1eF', client_name: 'Acme Mobile (iOS)' },
];
const AGENTS = [
  'Chrome 131.0.0 / Mac OS X 10.15.7',
  'Safari 18.1 / iOS 18.1',
  'Firefox 133.0 / Windows 10',
];

function login(n: number): Record<string, unknown> {
  const user = USERS[n % USERS.length]!;
  const client = CLIENTS[n % CLIENTS.length]!;
  return {
    connection: 'Username-Password-Authentication',
    connection_id: 'con_8gXkR0Dp3sT1vQ2w',
    ...client,
    ip: `203.0.113.${n % 250}`,
    user_agent: AGENTS[n % AGENTS.length],
    ...user,
    strategy: 'auth0',
    strategy_type: 'database',
    location_info: {
      country_code: 'NZ',
      country_code3: 'NZL',
      country_name: 'New Zealand',
      city_name: 'Wellington',
      latitude: -41.28,
      longitude: 174.77,
      time_zone: 'Pacific/Auckland',
      continent_code: 'OC',
    },
  };
}

const TEMPLATES: Template[] = [
  {
    type: 's',
    description: 'Successful login',
    fields: (n) => ({
      ...login(n),
      details: {
        prompts: [{ name: 'lock-password-authenticate', elapsedTime: 120 + (n % 90) }],
        stats: { loginsCount: 10 + n },
      },
    }),
  },
  {
    type: 's',
    description: 'Successful login',
    fields: (n) => ({ ...login(n + 1), details: { stats: { loginsCount: 3 + n } } }),
  },
  {
    type: 'f',
    description: 'Wrong email or password.',
    fields: (n) => ({ ...login(n), details: { error: { message: 'Wrong email or password.' } } }),
  },
  {
    type: 'fp',
    description: 'Wrong email or password.',
    fields: (n) => ({
      ...login(n),
      details: { error: { message: 'Wrong email or password.', oauthError: 'invalid_grant' } },
    }),
  },
  {
    type: 'fu',
    description: 'Wrong email or password.',
    fields: (n) => ({
      ...login(n),
      user_id: '',
      details: { error: { message: 'Wrong email or password.' } },
    }),
  },
  {
    type: 'ssa',
    description: 'Successful silent authentication',
    fields: (n) => ({ ...login(n), details: { prompts: [], initiatedAt: 1_700_000_000_000 + n } }),
  },
  {
    type: 'fsa',
    description: 'Login required',
    fields: (n) => ({ ...login(n), details: { error: { message: 'Login required' } } }),
  },
  {
    type: 'seacft',
    description: 'Authorization Code for Access Token',
    fields: (n) => ({
      ...login(n),
      details: { code: `***${String(n).slice(-3)}` },
      hostname: 'acme.eu.auth0.com',
    }),
  },
  {
    type: 'feacft',
    description: 'Invalid authorization code',
    fields: (n) => ({ ...login(n), details: { code: '***XYZ' } }),
  },
  {
    type: 'sapi',
    description: 'Update a User',
    fields: (n) => ({
      client_id: CLIENTS[0]!.client_id,
      client_name: '',
      ip: `198.51.100.${n % 200}`,
      user_agent: 'node-auth0/7.1.0',
      details: {
        request: { method: 'patch', path: `/api/v2/users/auth0|${n}`, auth: { strategy: 'jwt' } },
        response: { statusCode: 200 },
      },
    }),
  },
  {
    type: 'slo',
    description: 'User successfully logged out',
    fields: (n) => ({ ...login(n), details: { return_to: 'https://app.example.com/' } }),
  },
  {
    type: 'ss',
    description: 'Successful signup',
    fields: (n) => ({
      ...login(n),
      details: {
        body: {
          email: USERS[n % USERS.length]!.user_name,
          connection: 'Username-Password-Authentication',
        },
      },
    }),
  },
  {
    type: 'w',
    description: 'Unknown or invalid authorization code',
    fields: (n) => ({ ...login(n), details: { warning: 'Deprecated endpoint <used> & "quoted"' } }),
  },
  {
    type: 'gd_auth_succeed',
    description: 'Multi-factor authentication success.',
    fields: (n) => ({ ...login(n), details: { authenticator: { type: 'otp' } } }),
  },
  {
    type: 'pla',
    description: 'Pre-login assessment',
    fields: (n) => ({ ...login(n), details: { assessments: { bot: { score: n % 5 } } } }),
  },
  {
    type: 'api_limit',
    description: 'Global limit has been reached',
    fields: (n) => ({
      ip: `192.0.2.${n % 200}`,
      client_id: CLIENTS[1]!.client_id,
      details: { limit: 2, remaining: 0 },
    }),
  },
  {
    type: 'mgmt_api_read',
    description: 'Get client by ID',
    fields: (n) => ({
      client_id: CLIENTS[0]!.client_id,
      ip: `198.51.100.${n % 200}`,
      details: { request: { method: 'get', path: '/api/v2/clients' } },
    }),
  },
];

export class Auth0Emulator {
  readonly requests: RecordedRequest[] = [];
  readonly issuedTokens: string[] = [];
  readonly stats = {
    faults: {} as Partial<Record<Auth0FaultKind, number>>,
    rateLimited: 0,
    tokens: 0,
  };
  private readonly store: Auth0Log[] = [];
  private readonly tokens = new Map<
    string,
    { expiresAt: number; scopes: string[]; clientId: string }
  >();
  private readonly clients = new Map<string, Auth0Client>();
  private readonly frozen = new Set<string>();
  /**
   * Called twice for every request: as it arrives and once it is processed (a token issued, a page
   * read) but before the answer leaves. A test can `freeze` the client there, as a kill would.
   */
  onRequest?: (moment: Auth0RequestMoment) => void;
  /** Retained-or-not logs sorted by the date the search index sees; rebuilt after logs are added. */
  private searchIndex?: { at: number; position: number }[];
  private searchOptions: SearchIndexOptions;
  private latencyMs: number;
  private sequence = 0;
  private bucket: number;
  private bucketAt: number;
  private plan?: Auth0FaultPlan;
  private readonly scripted: {
    kind: Auth0FaultKind;
    count: number;
    paths?: RegExp;
    after: number;
  }[] = [];
  private readonly random: () => number;

  private constructor(
    private readonly loopback: Loopback,
    private readonly options: Required<Omit<Auth0EmulatorOptions, 'tls' | 'port' | 'seed'>>,
    seed: number,
  ) {
    this.bucket = options.rateLimit.limit;
    this.bucketAt = options.now();
    this.random = seededRandom(seed);
    this.seed = seed;
    this.searchOptions = options.search;
    this.latencyMs = options.latencyMs;
    this.clients.set(options.clientId, {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      scopes: options.scopes,
    });
  }

  private readonly seed: number;

  get port(): number {
    return this.loopback.port;
  }

  static async start(options: Auth0EmulatorOptions = {}): Promise<Auth0Emulator> {
    const tls = options.tls ?? loadTestTls(process.env.TEST_TLS_DIR ?? '');
    const server = https.createServer({ cert: tls.certPem, key: tls.keyPem });
    const emulator = new Auth0Emulator(
      await listenOnLoopback(server, options.port, true),
      {
        clientId: options.clientId ?? 'test-client-id',
        clientSecret: options.clientSecret ?? 'test-client-secret',
        scopes: options.scopes ?? ['read:logs'],
        tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 86_400,
        retentionDays: options.retentionDays ?? 30,
        rateLimit: options.rateLimit ?? { limit: 50, refillPerSecond: 50 },
        now: options.now ?? Date.now,
        slowMs: options.slowMs ?? 15_000,
        latencyMs: options.latencyMs ?? 0,
        search: options.search ?? {},
      },
      options.seed ?? 1,
    );
    server.on('request', (req, res) => void emulator.handle(req, res));
    return emulator;
  }

  get domain(): string {
    return `localhost:${this.port}`;
  }

  /** Every log stored, retained or not, in log_id order. */
  get logs(): readonly Auth0Log[] {
    return this.store;
  }

  /**
   * Another application of the same tenant: its own credentials and tokens, the same rate-limit
   * bucket; by default with the scopes of the first.
   */
  addClient(client: Pick<Auth0Client, 'clientId' | 'clientSecret'> & Partial<Auth0Client>): void {
    this.clients.set(client.clientId, { scopes: this.options.scopes, ...client });
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  setSearchIndex(options: SearchIndexOptions): void {
    this.searchOptions = options;
    this.searchIndex = undefined;
  }

  /** Requests the bucket holds right now (a fraction while it refills). */
  bucketLevel(): number {
    const { limit, refillPerSecond } = this.options.rateLimit;
    const elapsed = (this.options.now() - this.bucketAt) / 1_000;
    return Math.min(limit, this.bucket + elapsed * refillPerSecond);
  }

  retainedLogs(): Auth0Log[] {
    const horizon = this.horizon();
    return this.store.filter((log) => Date.parse(log.date) >= horizon);
  }

  /** Up to `take` retained logs with a log_id after `from`: a binary search, not a scan, per page. */
  private retainedAfter(from: string, take: number): Auth0Log[] {
    const horizon = this.horizon();
    const found: Auth0Log[] = [];
    for (let i = this.positionAfter(from); i < this.store.length && found.length < take; i += 1) {
      if (Date.parse(this.store[i]!.date) >= horizon) found.push(this.store[i]!);
    }
    return found;
  }

  addLogs(logs: Auth0Log[]): void {
    this.searchIndex = undefined;
    for (const log of logs) {
      const last = this.store[this.store.length - 1];
      if (last && !(log.log_id > last.log_id)) {
        throw new Error(`log_id ${log.log_id} does not follow ${last.log_id}`);
      }
      this.store.push(log);
    }
  }

  /**
   * Adds `count` realistic logs of varied types, dated from `start` every `spacingMs`. `detailBytes`
   * pads each log's details, for tests that need batches to fill quickly. `dateJitterMs` dates each
   * log up to that much earlier than its place in log_id order, as Auth0's own delays do.
   */
  generateLogs(
    count: number,
    options: {
      start?: Date;
      spacingMs?: number;
      types?: string[];
      detailBytes?: number;
      dateJitterMs?: number;
    } = {},
  ): Auth0Log[] {
    const spacing = options.spacingMs ?? 1_000;
    const start = options.start?.getTime() ?? this.options.now() - count * spacing;
    const templates = options.types
      ? options.types.map(
          (type) =>
            TEMPLATES.find((t) => t.type === type) ?? {
              type,
              description: `Event of type ${type}`,
              fields: (n: number) => login(n),
            },
        )
      : TEMPLATES;
    const logs: Auth0Log[] = [];
    for (let i = 0; i < count; i += 1) {
      const n = this.sequence;
      this.sequence += 1;
      const template = templates[(n * 7 + (n >> 3)) % templates.length]!;
      const stamped = new Date(start + i * spacing);
      const jitter = options.dateJitterMs ? Math.floor(this.random() * options.dateJitterMs) : 0;
      const date = new Date(stamped.getTime() - jitter);
      // Auth0 stamps the id a moment after the event's date.
      const logId = makeLogId(new Date(stamped.getTime() + 1_000), n);
      const fields = template.fields(n);
      if (options.detailBytes) {
        fields.details = {
          ...(fields.details as object),
          trace: 'ab'.repeat(options.detailBytes / 2),
        };
      }
      logs.push({
        date: date.toISOString(),
        type: template.type,
        description: template.description,
        ...fields,
        log_id: logId,
        _id: logId,
        isMobile: n % 4 === 0,
      });
    }
    this.addLogs(logs);
    return logs;
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  expireTokens(): void {
    for (const token of this.tokens.values()) token.expiresAt = 0;
  }

  /**
   * From now on nothing reaches or leaves this client, as if its process were killed: its requests
   * are held unanswered (a request already processed keeps its effect, its answer is never sent).
   * Held connections are cut by close().
   */
  freeze(clientId: string): void {
    this.frozen.add(clientId);
  }

  injectFaults(plan: Auth0FaultPlan): void {
    this.plan = plan;
  }

  /** Fails the next `times` requests matching `paths`, after letting `afterRequests` of them through. */
  failNext(kind: Auth0FaultKind, options: Auth0FailOptions = {}): void {
    this.scripted.push({
      kind,
      count: options.times ?? 1,
      paths: options.paths,
      after: options.afterRequests ?? 0,
    });
  }

  clearFaults(): void {
    this.plan = undefined;
    this.scripted.length = 0;
  }

  close(): Promise<void> {
    return this.loopback.close();
  }

  private pickFault(path: string): Auth0FaultKind | undefined {
    const scripted = this.scripted.find((s) => s.count > 0 && (!s.paths || s.paths.test(path)));
    if (scripted && scripted.after > 0) {
      scripted.after -= 1;
    } else if (scripted) {
      scripted.count -= 1;
      return scripted.kind;
    }
    if (
      this.plan &&
      (!this.plan.paths || this.plan.paths.test(path)) &&
      this.random() < this.plan.probability
    ) {
      return this.plan.kinds[Math.floor(this.random() * this.plan.kinds.length)];
    }
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `https://${this.domain}`);
    // The latency is measured on the real clock, whatever clock the bucket and tokens run on.
    const respondAt = Date.now() + this.latencyMs;
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      at: this.options.now(),
    };
    this.requests.push(record);
    const body = (await readBody(req)).toString('utf8');
    const clientId = this.clientOf(req, url.pathname, body);
    record.clientId = clientId;
    const held = (phase: Auth0RequestMoment['phase']): boolean => {
      this.onRequest?.({ phase, path: url.pathname, clientId });
      return clientId !== undefined && this.frozen.has(clientId);
    };
    if (held('arrived')) return;
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      if (held('processed')) return;
      record.status = status;
      const write = (): void => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(payload));
      };
      const wait = respondAt - Date.now();
      if (wait > 0) setTimeout(write, wait);
      else write();
    };

    const fault = this.pickFault(url.pathname);
    if (fault) {
      record.fault = fault;
      this.stats.faults[fault] = (this.stats.faults[fault] ?? 0) + 1;
      switch (fault) {
        case 'reset':
          if (held('processed')) return;
          record.status = -1;
          req.socket.destroy();
          return;
        case 'server-error':
          return send(500, {
            statusCode: 500,
            error: 'Internal Server Error',
            message: 'Internal Server Error',
          });
        case 'unavailable':
          return send(503, {
            statusCode: 503,
            error: 'Service Unavailable',
            message: 'Service Unavailable',
          });
        case 'rate-limit': {
          const reset = Math.ceil((this.options.now() + 1_000) / 1_000);
          return send(
            429,
            {
              statusCode: 429,
              error: 'Too Many Requests',
              message: 'Global limit has been reached',
            },
            {
              'x-ratelimit-limit': String(this.options.rateLimit.limit),
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(reset),
            },
          );
        }
        case 'forbidden':
          return send(403, {
            statusCode: 403,
            error: 'Forbidden',
            message: 'Insufficient scope, expected any of: read:logs,read:logs_users',
            errorCode: 'insufficient_scope',
          });
        case 'unauthorized':
          return send(401, { statusCode: 401, error: 'Unauthorized', message: 'Invalid token.' });
        case 'bad-request':
          return send(400, {
            statusCode: 400,
            error: 'Bad Request',
            message: 'Invalid request query string',
            errorCode: 'invalid_query_string',
          });
        case 'slow':
          await new Promise((resolve) => setTimeout(resolve, this.options.slowMs));
          if (res.destroyed) return;
          break;
      }
    }

    if (req.method === 'POST' && url.pathname === '/oauth/token')
      return this.token(body, req, send);
    if (!url.pathname.startsWith('/api/v2/'))
      return send(404, { statusCode: 404, error: 'Not Found', message: 'Not Found' });

    const statsCall = req.method === 'GET' && url.pathname === '/api/v2/stats/active-users';
    const auth = this.authorize(req, record, statsCall ? ['read:stats'] : LOG_SCOPES);
    if (auth) return send(auth.status, auth.body);
    const rate = this.takeFromBucket();
    if (!rate.allowed) {
      this.stats.rateLimited += 1;
      return send(
        429,
        { statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached' },
        rate.headers,
      );
    }
    if (statsCall) return send(200, 1_234, rate.headers);
    if (req.method === 'GET' && url.pathname === '/api/v2/logs')
      return this.list(url, record, send, rate.headers);
    const one = /^\/api\/v2\/logs\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && one) {
      const log = this.retainedById(decodeURIComponent(one[1]!));
      return log
        ? send(200, log, rate.headers)
        : send(
            404,
            { statusCode: 404, error: 'Not Found', message: 'Log not found.' },
            rate.headers,
          );
    }
    return send(404, { statusCode: 404, error: 'Not Found', message: 'Not Found' }, rate.headers);
  }

  private token(
    body: string,
    req: IncomingMessage,
    send: (status: number, payload: unknown) => void,
  ): void {
    const form = tokenForm(req, body);
    if (form.get('grant_type') !== 'client_credentials') {
      return send(400, {
        error: 'unsupported_grant_type',
        error_description: 'Unsupported grant type',
      });
    }
    const client = this.clients.get(form.get('client_id') ?? '');
    if (!client || form.get('client_secret') !== client.clientSecret) {
      return send(401, { error: 'access_denied', error_description: 'Unauthorized' });
    }
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, {
      expiresAt: this.options.now() + this.options.tokenLifetimeSeconds * 1_000,
      scopes: client.scopes,
      clientId: client.clientId,
    });
    this.issuedTokens.push(token);
    this.stats.tokens += 1;
    send(200, {
      access_token: token,
      token_type: 'Bearer',
      expires_in: this.options.tokenLifetimeSeconds,
      scope: client.scopes.join(' '),
    });
  }

  /** The client a request comes from: by its credentials for a token, by its token otherwise. */
  private clientOf(req: IncomingMessage, path: string, body: string): string | undefined {
    if (path === '/oauth/token') {
      try {
        return tokenForm(req, body).get('client_id') ?? undefined;
      } catch {
        return undefined;
      }
    }
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    return match ? this.tokens.get(match[1]!)?.clientId : undefined;
  }

  private authorize(
    req: IncomingMessage,
    record: RecordedRequest,
    anyOf: string[],
  ): { status: number; body: unknown } | undefined {
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const token = match ? this.tokens.get(match[1]!) : undefined;
    record.clientId = token?.clientId;
    if (!token)
      return {
        status: 401,
        body: { statusCode: 401, error: 'Unauthorized', message: 'Invalid token.' },
      };
    if (token.expiresAt <= this.options.now()) {
      return {
        status: 401,
        body: {
          statusCode: 401,
          error: 'Unauthorized',
          message: 'Expired token received for JSON Web Token validation',
        },
      };
    }
    if (!anyOf.some((scope) => token.scopes.includes(scope))) {
      return {
        status: 403,
        body: {
          statusCode: 403,
          error: 'Forbidden',
          message: `Insufficient scope, expected any of: ${anyOf.join(',')}`,
          errorCode: 'insufficient_scope',
        },
      };
    }
    return undefined;
  }

  /**
   * A token bucket, as Auth0 rate-limits: burst = limit, sustained = refill rate, one bucket for the
   * whole tenant. x-ratelimit-remaining is what is left after this request; x-ratelimit-reset the
   * UNIX second by which the next request is added back (now, when the bucket is full).
   */
  private takeFromBucket(): { allowed: boolean; headers: Record<string, string> } {
    const { limit, refillPerSecond } = this.options.rateLimit;
    const now = this.options.now();
    this.bucket = this.bucketLevel();
    this.bucketAt = now;
    const allowed = this.bucket >= 1;
    if (allowed) this.bucket -= 1;
    const untilNext =
      this.bucket >= limit
        ? 0
        : ((Math.floor(this.bucket) + 1 - this.bucket) / refillPerSecond) * 1_000;
    return {
      allowed,
      headers: {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(Math.floor(this.bucket)),
        'x-ratelimit-reset': String(Math.ceil((now + untilNext) / 1_000)),
      },
    };
  }

  /** A retained log by id: a binary search over the store. */
  private retainedById(logId: string): Auth0Log | undefined {
    const position = this.positionAfter(logId) - 1;
    const log = this.store[position];
    if (!log || log.log_id !== logId) return undefined;
    return Date.parse(log.date) >= this.horizon() ? log : undefined;
  }

  private horizon(): number {
    return this.options.now() - this.options.retentionDays * DAY;
  }

  /** The position of the first stored log with a log_id after `logId`. */
  private positionAfter(logId: string): number {
    let low = 0;
    let high = this.store.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compareIds(this.store[middle]!.log_id, logId) > 0) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** The search index: every stored log the index holds, by the date it sees, then log_id. */
  private index(): { at: number; position: number }[] {
    if (this.searchIndex) return this.searchIndex;
    const { omitProbability = 0, dateSkewMs = 0 } = this.searchOptions;
    const entries: { at: number; position: number }[] = [];
    this.store.forEach((log, position) => {
      if (omitProbability > 0 && unitHash(log.log_id, this.seed) < omitProbability) return;
      const skew = dateSkewMs ? (unitHash(log.log_id, this.seed + 1) * 2 - 1) * dateSkewMs : 0;
      entries.push({ at: Date.parse(log.date) + Math.round(skew), position });
    });
    entries.sort((a, b) => a.at - b.at || a.position - b.position);
    this.searchIndex = entries;
    return entries;
  }

  /**
   * Search mode: retained, indexed logs matching `q`, sorted by the index's date, the slice
   * [skip, skip + count). A date range is found by binary search, so a query costs what it returns.
   */
  private search(q: string, direction: 1 | -1, skip: number, count: number): Auth0Log[] {
    const index = this.index();
    const { lagLogs = 0, lagMs = 0 } = this.searchOptions;
    const range = dateRange(q);
    const matches = searchFilter(q.replace(DATE_RANGE, ''));
    const horizon = this.horizon();
    const indexedUntil = this.options.now() - lagMs;
    const newestIndexed = this.store.length - lagLogs;
    const found: Auth0Log[] = [];
    let skipped = 0;
    const lowerBound = (at: number): number => {
      let low = 0;
      let high = index.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (index[middle]!.at < at) low = middle + 1;
        else high = middle;
      }
      return low;
    };
    const first = direction === 1 ? lowerBound(range.low) : lowerBound(range.high + 1) - 1;
    for (let i = first; i >= 0 && i < index.length && found.length < count; i += direction) {
      const entry = index[i]!;
      if (entry.at < range.low || entry.at > range.high) {
        if (direction === 1 ? entry.at > range.high : entry.at < range.low) break;
        continue;
      }
      const log = this.store[entry.position]!;
      const date = Date.parse(log.date);
      if (date < horizon || entry.position >= newestIndexed || date > indexedUntil) continue;
      if (!matches(log)) continue;
      if (skipped < skip) {
        skipped += 1;
        continue;
      }
      found.push(log);
    }
    return found;
  }

  private list(
    url: URL,
    record: RecordedRequest,
    send: (status: number, payload: unknown, headers?: Record<string, string>) => void,
    headers: Record<string, string>,
  ): void {
    const params = url.searchParams;
    const from = params.get('from');
    if (from !== null) {
      const take = Number(params.get('take') ?? 50);
      if (!/^\d+$/.test(from)) {
        return send(
          400,
          {
            statusCode: 400,
            error: 'Bad Request',
            message: 'Invalid value for "from"',
            errorCode: 'invalid_query_string',
          },
          headers,
        );
      }
      if (!Number.isInteger(take) || take < 1 || take > 100) {
        return send(
          400,
          {
            statusCode: 400,
            error: 'Bad Request',
            message: "Query validation error: 'take' must be 1..100",
            errorCode: 'invalid_query_string',
          },
          headers,
        );
      }
      const after = this.retainedAfter(from, take);
      const nextFrom = after.length > 0 ? after[after.length - 1]!.log_id : from;
      const link = `<https://${this.domain}/api/v2/logs?from=${nextFrom}&take=${take}>; rel="next"`;
      return send(200, after, { ...headers, link });
    }
    const page = Number(params.get('page') ?? 0);
    const perPage = Number(params.get('per_page') ?? 50);
    if (perPage > 100 || perPage < 0) {
      return send(
        400,
        {
          statusCode: 400,
          error: 'Bad Request',
          message: 'Query validation error: per_page must be 0..100',
          errorCode: 'invalid_query_string',
        },
        headers,
      );
    }
    if ((page + 1) * perPage > 1_000) {
      return send(
        400,
        {
          statusCode: 400,
          error: 'Bad Request',
          message: `Requesting page ${page + 1} exceeds the allowed maximum of 1000 records: please consider searching by checkpoint`,
          errorCode: 'invalid_paging',
        },
        headers,
      );
    }
    const sort = params.get('sort') ?? 'date:-1';
    const direction = sort.endsWith(':1') ? 1 : -1;
    const q = params.get('q') ?? params.get('search') ?? '';
    const logs = this.search(q, direction, page * perPage, perPage);
    record.found = logs.map((log) => log.log_id);
    if (params.get('include_totals') === 'true') {
      return send(
        200,
        { start: page * perPage, limit: perPage, length: logs.length, total: logs.length, logs },
        headers,
      );
    }
    send(200, logs, headers);
  }
}

/** The token request's fields: the SDK posts JSON, other clients a form. */
function tokenForm(req: IncomingMessage, body: string): URLSearchParams {
  return (req.headers['content-type'] ?? '').includes('json')
    ? new URLSearchParams(Object.entries(JSON.parse(body || '{}') as Record<string, string>))
    : new URLSearchParams(body);
}

function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

const LOG_SCOPES = ['read:logs', 'read:logs_users'];

const DATE_RANGE = /date:([[{])(\S+) TO (\S+)([\]}])/;

/** A date range of Auth0's Lucene syntax as inclusive ms bounds; everything when there is none. */
function dateRange(q: string): { low: number; high: number } {
  const range = DATE_RANGE.exec(q);
  if (!range) return { low: -Infinity, high: Infinity };
  const [, open, low, high, close] = range;
  const lowMs = low === '*' ? -Infinity : Date.parse(low!);
  const highMs =
    high === '*' ? Infinity : Date.parse(high!.length === 10 ? `${high}T23:59:59.999Z` : high!);
  return { low: open === '[' ? lowMs : lowMs + 1, high: close === ']' ? highMs : highMs - 1 };
}

/** A number in [0, 1) fixed by a string and a seed (FNV-1a), for choices that must not change. */
function unitHash(text: string, seed: number): number {
  let hash = (2_166_136_261 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16_777_619) >>> 0;
  }
  return hash / 2 ** 32;
}

/** The rest of the Lucene subset an exporter uses: type terms. */
function searchFilter(q: string): (log: Auth0Log) => boolean {
  const conditions: ((log: Auth0Log) => boolean)[] = [];
  const type = /(?:^|\s)type:"?([a-z0-9_*]+)"?/.exec(q);
  if (type) {
    const code = type[1]!;
    conditions.push((log) =>
      code.endsWith('*') ? log.type.startsWith(code.slice(0, -1)) : log.type === code,
    );
  }
  return (log) => conditions.every((condition) => condition(log));
}
