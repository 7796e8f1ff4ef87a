import { ManagementError, ManagementTimeoutError, TokenProvider } from 'auth0/management';
import { LogsClient } from 'auth0/logs';
import { Input } from '../constants.js';
import { ActionError, errorMessage } from '../errors.js';
import {
  classify,
  retrying,
  sleep as defaultSleep,
  type BackoffSchedule,
  type ClassifiableError,
  type Sleep,
  type Verdict,
} from '../retry.js';
import { isAuth0Log, type Auth0Log } from '../logs/log.js';
import type { LogSource, SourceStats } from '../pipeline/ports.js';
import { RateBudget, type Answer, type RateLimitReserve } from './rate-budget.js';
import { SegmentReader } from './segments.js';

/** Per-request timeout; the SDK's own default is 60 s. */
const REQUEST_TIMEOUT_SECONDS = 30;
/** For a request that fails with a 5xx, a timeout or a dropped connection. */
const BACKOFF: BackoffSchedule = { baseMs: 1_000, maxMs: 30_000, attempts: 6 };
/** Consecutive 429s after which the run gives up instead of waiting on. */
const MAX_RATE_LIMIT_WAITS = 30;

export interface Auth0SourceOptions {
  domain: string;
  clientId: string;
  clientSecret: string;
  /** Called once with each new access token, so that it can be masked in the log. */
  onToken?: (token: string) => void;
  log?: (message: string) => void;
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
  signal?: AbortSignal;
  /** Requests in flight at most while a backlog lasts (`max-concurrency`); 1 reads page after page. */
  maxConcurrency?: number;
  /** The part of the tenant's bucket left to its other clients (`rate-limit-reserve`). */
  reserve?: RateLimitReserve;
}

const DEFAULT_RESERVE: RateLimitReserve = { percent: 20 };

type Query = Record<string, string | number>;

/**
 * Reads a tenant's logs through the Management API: checkpoint paging (in segments while a backlog
 * lasts), within the rate-limit budget, with retries.
 */
export class Auth0LogSource implements LogSource {
  private requests = 0;
  private retries = 0;
  private tokens!: TokenProvider;
  private logs!: LogsClient;
  private lastToken?: string;
  private readonly budget: RateBudget;
  private readonly segments?: SegmentReader;
  private readonly sleep: Sleep;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly log: (message: string) => void;

  constructor(private readonly options: Auth0SourceOptions) {
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.log = options.log ?? (() => undefined);
    const maxConcurrency = options.maxConcurrency ?? 1;
    this.budget = new RateBudget({
      maxConcurrency,
      reserve: options.reserve ?? DEFAULT_RESERVE,
      now: this.now,
      sleep: this.sleep,
      random: this.random,
      signal: options.signal,
      log: this.log,
    });
    if (maxConcurrency > 1) {
      const budget = this.budget;
      this.segments = new SegmentReader(
        {
          page: (from, take, priority, withdraw) =>
            this.checkpointPage(from, take, priority, withdraw),
          firstAtOrAfter: async (date, priority, withdraw) =>
            (await this.search('a segment boundary', date, 1, priority, withdraw))[0],
          get concurrency() {
            return budget.concurrency;
          },
          get rateLimited() {
            return budget.stats.waits > 0;
          },
        },
        { maxConcurrency, now: this.now },
      );
    }
    this.connect();
  }

  get stats(): SourceStats {
    const { waits, waitMs, rateLimited, peakConcurrency } = this.budget.stats;
    return {
      requests: this.requests,
      retries: this.retries,
      rateLimitWaits: waits,
      rateLimitWaitMs: Math.round(waitMs),
      rateLimited,
      peakConcurrency,
      segments: this.segments?.stats.segments ?? 0,
      searches: this.segments?.stats.searches ?? 0,
    };
  }

  /**
   * Logs with a log_id greater than `from`, in log_id order, as Auth0's checkpoint mode answers
   * them; read ahead in segments while a backlog lasts.
   */
  async page(from: string, take: number): Promise<Auth0Log[]> {
    if (this.segments) return this.segments.page(from, take);
    return this.checkpointPage(from, take, 0);
  }

  /** The run is over: stops reading ahead, and sends no request after this one; those in flight finish. */
  close(): void {
    this.segments?.close();
    this.budget.close();
  }

  private checkpointPage(
    from: string,
    take: number,
    priority: number,
    withdraw?: AbortSignal,
  ): Promise<Auth0Log[]> {
    return this.request(
      'logs after checkpoint',
      { from, take },
      { checkpoint: from },
      priority,
      withdraw,
    );
  }

  /** One log by id; undefined when Auth0 no longer has it (404), e.g. past the tenant's retention. */
  async get(logId: string): Promise<Auth0Log | undefined> {
    const found = await this.send('one log', async (signal) => {
      try {
        const { data, rawResponse } = await this.logs
          .get(logId, { abortSignal: signal })
          .withRawResponse();
        return { value: [data] as unknown[], headers: rawResponse.headers };
      } catch (error) {
        if (error instanceof ManagementError && error.statusCode === 404) {
          return { value: [], headers: error.rawResponse?.headers };
        }
        throw error;
      }
    });
    return found[0];
  }

  /** The oldest log the tenant retains, or undefined when it has none. */
  async oldest(): Promise<Auth0Log | undefined> {
    const [log] = await this.request('oldest log', { sort: 'date:1', per_page: 1, page: 0 });
    return log;
  }

  /** The newest log, or undefined when the tenant has none. */
  async newest(): Promise<Auth0Log | undefined> {
    const [log] = await this.request('newest log', { sort: 'date:-1', per_page: 1, page: 0 });
    return log;
  }

  /** The first logs at or after `date`, oldest first (Auth0's search mode with a date range). */
  async firstAtOrAfter(date: Date, count: number): Promise<Auth0Log[]> {
    return this.search('logs from date', date, count, 0);
  }

  private search(
    what: string,
    date: Date,
    count: number,
    priority: number,
    withdraw?: AbortSignal,
  ): Promise<Auth0Log[]> {
    const query = {
      q: `date:[${date.toISOString()} TO *]`,
      sort: 'date:1',
      per_page: count,
      page: 0,
    };
    return this.request(what, query, {}, priority, withdraw);
  }

  private connect(): void {
    const { domain, clientId, clientSecret } = this.options;
    this.tokens = new TokenProvider({
      domain,
      clientId,
      clientSecret,
      audience: `https://${domain}/api/v2/`,
    });
    this.logs = new LogsClient({
      baseUrl: `https://${domain}/api/v2`,
      token: () => this.accessToken(),
      maxRetries: 0,
      timeoutInSeconds: REQUEST_TIMEOUT_SECONDS,
    });
  }

  private async accessToken(): Promise<string> {
    const token = await retrying({
      ...this.retryLoop(),
      send: () => this.tokens.getAccessToken(),
      decide: (error) => {
        const status = error instanceof ManagementError ? error.statusCode : undefined;
        if (status === 401 || status === 403) {
          return {
            kind: 'fail',
            error: new ActionError(
              `Auth0 refused the client credentials (HTTP ${status}) at https://${this.options.domain}/oauth/token. Check '${Input.Auth0ClientSecret}' and '${Input.Auth0ClientId}': the application must be a machine-to-machine application authorised for the Auth0 Management API.`,
            ),
          };
        }
        // The SDK does not retry the token request at all: network errors, timeouts, 429 and 5xx.
        return { kind: 'classify' };
      },
      onRetry: ({ error, attempt, delayMs }) =>
        this.noteRetry(`token request failed (${errorMessage(error)})`, attempt, delayMs),
      fatal: (error) =>
        new ActionError(
          `Auth0 answered the token request with ${describeFailure(error)}: ${describeBody(error)}. Check '${Input.Auth0Domain}', '${Input.Auth0ClientId}' and '${Input.Auth0ClientSecret}'.`,
        ),
      exhausted: (error) => this.unreachable('the token request', error),
    });
    if (token !== this.lastToken) {
      this.lastToken = token;
      this.options.onToken?.(token);
    }
    return token;
  }

  private request(
    what: string,
    query: Query,
    context: { checkpoint?: string } = {},
    priority = 0,
    withdraw?: AbortSignal,
  ): Promise<Auth0Log[]> {
    return this.send(
      what,
      async (signal) => {
        const page = await this.logs.list(
          { page: null, per_page: null, include_totals: null },
          { queryParams: query, abortSignal: signal },
        );
        return { value: page.response, headers: page.rawResponse.headers };
      },
      context,
      priority,
      withdraw,
    );
  }

  /**
   * Sends one Management API request within the rate-limit budget (each attempt waits its turn, and
   * tells the budget what the answer said of the bucket), with retries and clear errors. Once
   * `withdraw` aborts, no further attempt is sent (RequestWithdrawn); one in flight finishes.
   */
  private async send(
    what: string,
    call: (signal?: AbortSignal) => Promise<{ value: unknown; headers?: Headers }>,
    context: { checkpoint?: string } = {},
    priority = 0,
    withdraw?: AbortSignal,
  ): Promise<Auth0Log[]> {
    let rateLimitWaits = 0;
    let refreshedToken = false;
    return retrying({
      ...this.retryLoop(),
      send: async () => {
        const admission = await this.budget.acquire(priority, withdraw);
        let answer: Answer = {};
        const request = followAbort(this.options.signal);
        try {
          this.throwIfAborted();
          this.budget.throwIfClosed();
          this.requests += 1;
          const { value, headers } = await call(request.signal);
          answer = { headers };
          return readLogs(value, what);
        } catch (error) {
          if (error instanceof ManagementError) {
            answer = { headers: error.rawResponse?.headers, rateLimited: error.statusCode === 429 };
          }
          throw error;
        } finally {
          request.release();
          this.budget.release(answer, admission);
        }
      },
      decide: (error) => {
        if (this.options.signal?.aborted || error instanceof ActionError) {
          return { kind: 'fail', error };
        }
        const status = error instanceof ManagementError ? error.statusCode : undefined;
        if (status === 429) {
          rateLimitWaits += 1;
          if (rateLimitWaits > MAX_RATE_LIMIT_WAITS) {
            return {
              kind: 'fail',
              error: new ActionError(
                `Auth0 kept answering HTTP 429 (rate limit) for ${what} after ${MAX_RATE_LIMIT_WAITS} waits. Other Management API clients of this tenant may be using the whole budget; the next run continues from the checkpoint.`,
              ),
            };
          }
          // The budget holds the next attempt back until the reset the answer announced.
          return { kind: 'again' };
        }
        if (status === 401 && !refreshedToken) {
          // Tokens are cached for their lifetime; one may still be revoked or expire early.
          refreshedToken = true;
          this.connect();
          return { kind: 'again' };
        }
        const refusal = this.refusal(status, error, context);
        return refusal ? { kind: 'fail', error: refusal } : { kind: 'classify' };
      },
      onRetry: ({ error, attempt, delayMs }) =>
        this.noteRetry(`${what}: ${describeFailure(error)}`, attempt, delayMs),
      fatal: (error) =>
        new ActionError(
          error instanceof ManagementError && error.statusCode !== undefined
            ? `Auth0 answered HTTP ${error.statusCode} to the request for ${what}: ${describeBody(error)}.`
            : `The request to Auth0 for ${what} failed: ${describeFailure(error)}.`,
        ),
      exhausted: (error) => this.unreachable(what, error),
    });
  }

  /** The parts of the retry loop that every Management API request shares. */
  private retryLoop() {
    return {
      schedule: BACKOFF,
      sleep: this.sleep,
      random: this.random,
      signal: this.options.signal,
      classify: classifyAuth0Error,
    };
  }

  /** An answer that says what the user must change: no retry can help. */
  private refusal(
    status: number | undefined,
    error: unknown,
    context: { checkpoint?: string },
  ): ActionError | undefined {
    if (status === 401) {
      return new ActionError(
        `Auth0 rejected the Management API token (HTTP 401) even after fetching a new one. Check that '${Input.Auth0ClientId}' belongs to the tenant '${this.options.domain}'.`,
      );
    }
    if (status === 403) {
      return new ActionError(
        `Auth0 refused to list logs (HTTP 403): the application '${this.options.clientId}' lacks the read:logs scope. Grant it under Applications > APIs > Auth0 Management API > Machine to Machine Applications.`,
      );
    }
    if (status === 400 && context.checkpoint !== undefined) {
      return new ActionError(
        `Auth0 refused the checkpoint log_id ${context.checkpoint} (HTTP 400: ${describeBody(error)}). Set '${Input.StartFrom}' to 'oldest', 'now', a date or a valid log_id to start again from there.`,
      );
    }
    return undefined;
  }

  private noteRetry(why: string, attempt: number, delayMs: number): void {
    this.retries += 1;
    this.log(
      `Auth0 ${why}; retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${BACKOFF.attempts})`,
    );
  }

  private throwIfAborted(): void {
    if (this.options.signal?.aborted) throw new ActionError('The run was cancelled.');
  }

  private unreachable(what: string, error: unknown): ActionError {
    return new ActionError(
      `Auth0 did not answer ${what} after ${BACKOFF.attempts} attempts (last: ${describeFailure(error)}). Check '${Input.Auth0Domain}' (${this.options.domain}) and Auth0's status page; the next run continues from the checkpoint.`,
    );
  }
}

/**
 * A signal for one request that aborts with the run's, and lets go of it when the request ends. The
 * SDK ties the signal it is given to its own timeout signal with a listener that it never removes:
 * given the run's signal itself, every request would leave that listener (and what it holds) on it
 * until the run ends. Over a 1,000,000-log catch-up (some 10,000 requests) the live heap grew by
 * 6 to 10 MiB that way; with a signal for each request it stays flat.
 */
function followAbort(signal: AbortSignal | undefined): {
  signal?: AbortSignal;
  release: () => void;
} {
  if (!signal) return { release: () => undefined };
  const controller = new AbortController();
  const abort = (): void => controller.abort(signal.reason);
  if (signal.aborted) abort();
  else signal.addEventListener('abort', abort, { once: true });
  return {
    signal: controller.signal,
    release: () => signal.removeEventListener('abort', abort),
  };
}

function readLogs(response: unknown, what: string): Auth0Log[] {
  // Checkpoint mode answers a plain array even though the SDK types it as the paged object.
  const logs = Array.isArray(response)
    ? response
    : (response as { logs?: unknown } | undefined)?.logs;
  if (!Array.isArray(logs) || !logs.every(isAuth0Log)) {
    throw new ActionError(
      `Auth0 answered the request for ${what} with something that is not a list of logs.`,
    );
  }
  return logs;
}

/** What an Auth0 SDK failure means for a resend, by the shared classification. */
export function classifyAuth0Error(error: unknown): Verdict {
  return classify(classifiable(error));
}

/** The Auth0 SDK's errors in the shape the shared classifier reads (an HTTP status, a timeout). */
function classifiable(error: unknown): unknown {
  if (error instanceof ManagementTimeoutError) {
    return { name: 'TimeoutError', message: error.message } satisfies ClassifiableError;
  }
  if (error instanceof ManagementError) {
    const status = error.statusCode;
    return {
      name: status === 408 ? 'RequestTimeout' : error.name,
      message: error.message,
      $metadata: { httpStatusCode: status },
      cause: error.cause,
    } satisfies ClassifiableError;
  }
  return error;
}

function describeBody(error: unknown): string {
  if (error instanceof ManagementError) {
    const body = error.body as { message?: unknown } | string | undefined;
    if (typeof body === 'string' && body !== '') return body.slice(0, 300);
    if (body && typeof body === 'object' && typeof body.message === 'string') {
      return body.message.slice(0, 300);
    }
  }
  return errorMessage(error);
}

function describeFailure(error: unknown): string {
  if (error instanceof ManagementError) {
    if (error.statusCode !== undefined) return `HTTP ${error.statusCode}`;
    // A client-side timeout surfaces as a ManagementError "timeout" without a status.
    const cause = error.cause as { code?: string; message?: string } | undefined;
    return cause?.code ?? cause?.message ?? error.message;
  }
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  return cause?.code ?? errorMessage(error);
}
