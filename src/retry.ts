/**
 * The one retry policy of the action. Two questions are kept apart, as the AWS SDK keeps them
 * (smithy's service-error-classification vs util-retry): what a failure means for a resend
 * (`classify`), and how long to wait before the next attempt (`BackoffSchedule`). `retrying` runs the
 * loop that the Auth0 token request, the Auth0 pages and the CloudWatch puts share.
 */
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Resolves after `ms`, or early when `signal` aborts, so a cancelled run does not sit out a backoff. */
export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * What a failed request means for sending it again:
 * - `retry`: the service surely did not act on it (throttled): send it again after a pause;
 * - `unclear`: it may have acted (a 5xx, a timeout, a dropped connection): an idempotent read is sent
 *   again, a write is checked before it is resent;
 * - `fatal`: sending it again cannot help (denied, invalid, not found, cancelled).
 */
export type Verdict = 'retry' | 'unclear' | 'fatal';

/** The shape the SDK classifiers read: an error name, an HTTP status, a Node.js code, a cause. */
export interface ClassifiableError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
  cause?: unknown;
}

/** Classifies an error the way the AWS SDK's own retry strategy does. */
export function classify(error: unknown): Verdict {
  if (typeof error !== 'object' || error === null) return 'fatal';
  const top = fields(error);
  if (top.name === 'AbortError') return 'fatal';
  if (isThrottlingError(top)) return 'retry';
  if (isServerError(top)) return 'unclear';
  // The cause chain is walked here rather than by the classifier, which fails on a null cause.
  for (let link: unknown = error, depth = 0; depth <= 10; depth += 1) {
    if (typeof link !== 'object' || link === null) break;
    if (isTransientError(fields(link))) return 'unclear';
    link = (link as ClassifiableError).cause;
  }
  if (isFetchTransportError(error)) return 'unclear';
  return 'fatal';
}

/** The fields the SDK classifiers read, without the cause. */
function fields(error: object): Parameters<typeof isTransientError>[0] {
  const { name, message, code, $metadata, $retryable } = error as ClassifiableError;
  return { name, message, code, $metadata, $retryable } as Parameters<typeof isTransientError>[0];
}

/**
 * Node's fetch (undici) reports a dropped, refused or timed-out connection as "fetch failed" with a
 * cause whose code starts with UND_ERR_ (`UND_ERR_SOCKET: other side closed`): codes the AWS SDK's
 * classifier, written for its own HTTP handler, does not know.
 */
function isFetchTransportError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 10) return false;
  const { code, cause } = error as ClassifiableError;
  if (typeof code === 'string' && code.startsWith('UND_ERR_')) return true;
  return isFetchTransportError(cause, depth + 1);
}

export interface BackoffSchedule {
  /** The ceiling of the first pause; it doubles with each attempt. */
  baseMs: number;
  maxMs: number;
  /** Attempts in all, the first included. */
  attempts: number;
}

/** Capped exponential backoff with jitter: random in [ceiling/2, ceiling]; `retry` counts from 0. */
export function backoffDelay(
  retry: number,
  schedule: Pick<BackoffSchedule, 'baseMs' | 'maxMs'>,
  random = Math.random,
): number {
  const ceiling = Math.min(schedule.maxMs, schedule.baseMs * 2 ** retry);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** What the loop does after a failure, once the caller's own rules have had their say. */
export type Next<T> =
  /** Classify it and follow the schedule. */
  | { kind: 'classify' }
  /** Send again at once; the attempt does not count (a fresh token, a recreated stream). */
  | { kind: 'again' }
  /** Send again after this pause; the attempt does not count (a rate-limit reset). */
  | { kind: 'wait'; ms: number }
  /** The request is settled after all (found stored after an unclear failure). */
  | { kind: 'done'; value: T }
  /** Give up with this error. */
  | { kind: 'fail'; error: unknown };

export interface RetryLoop<T> {
  schedule: BackoffSchedule;
  sleep: Sleep;
  random?: () => number;
  signal?: AbortSignal;
  /** One attempt. */
  send: (attempt: number) => Promise<T>;
  /** Classifies a failure; defaults to the SDK's classification of the error itself. */
  classify?: (error: unknown) => Verdict;
  /** The caller's rules for a failure, before the generic ones (optional). */
  decide?: (error: unknown, attempt: number) => Next<T> | Promise<Next<T>>;
  /**
   * After an unclear failure: whether the request took effect after all (a write checks the
   * service). Without it, an unclear failure is retried like a throttled one (idempotent reads).
   */
  settleUnclear?: (error: unknown) => Promise<{ value: T } | undefined>;
  /** Told of each pause before a counted retry. */
  onRetry?: (info: { error: unknown; attempt: number; delayMs: number }) => void;
  /** The error to raise for a fatal failure. */
  fatal: (error: unknown) => unknown;
  /** The error to raise once the schedule's attempts are spent (or the run was cancelled). */
  exhausted: (error: unknown, attempts: number) => unknown;
}

/** Runs `loop.send` until it succeeds or the policy gives up. */
export async function retrying<T>(loop: RetryLoop<T>): Promise<T> {
  const random = loop.random ?? Math.random;
  for (let attempt = 1; ;) {
    try {
      return await loop.send(attempt);
    } catch (error) {
      const next: Next<T> = loop.decide ? await loop.decide(error, attempt) : { kind: 'classify' };
      switch (next.kind) {
        case 'done':
          return next.value;
        case 'fail':
          throw next.error;
        case 'again':
          continue;
        case 'wait':
          await loop.sleep(next.ms, loop.signal);
          continue;
        case 'classify':
          break;
      }
      const verdict = (loop.classify ?? classify)(error);
      if (verdict === 'fatal') throw loop.fatal(error);
      if (loop.signal?.aborted || attempt >= loop.schedule.attempts) {
        throw loop.exhausted(error, attempt);
      }
      if (verdict === 'unclear' && loop.settleUnclear) {
        const settled = await loop.settleUnclear(error);
        if (settled) return settled.value;
      }
      const delayMs = backoffDelay(attempt - 1, loop.schedule, random);
      loop.onRetry?.({ error, attempt, delayMs });
      await loop.sleep(delayMs, loop.signal);
      if (loop.signal?.aborted) throw loop.exhausted(error, attempt);
      attempt += 1;
    }
  }
}
