/** The retry policy: classification by the SDKs' own rules, the backoff schedule, and the loop. */
import {
  AccessDeniedException,
  InvalidParameterException,
  ResourceNotFoundException,
  ServiceUnavailableException,
  ThrottlingException,
} from '@aws-sdk/client-cloudwatch-logs';
import { ManagementError, ManagementTimeoutError } from 'auth0';
import { describe, expect, it } from 'vitest';
import { classifyAuth0Error } from '../../src/auth0/source.js';
import { backoffDelay, classify, retrying, type RetryLoop } from '../../src/retry.js';

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode }, message: 'x' });

/** A Node.js socket error as undici and the AWS SDK's HTTP handler raise it. */
function socketError(code: string): Error {
  return Object.assign(new Error(`socket ${code}`), { code });
}

describe('classify (AWS SDK errors)', () => {
  it('a throttled call surely stored nothing: retry', () => {
    expect(classify(new ThrottlingException(metadata(400)))).toBe('retry');
  });

  it('a 5xx, a timeout or a dropped connection may have been processed: unclear', () => {
    expect(classify(new ServiceUnavailableException(metadata(503)))).toBe('unclear');
    expect(
      classify(Object.assign(new Error('boom'), { name: 'InternalFailure', ...metadata(500) })),
    ).toBe('unclear');
    expect(classify(Object.assign(new Error('t'), { name: 'TimeoutError' }))).toBe('unclear');
    for (const code of ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'ENOTFOUND']) {
      expect(classify(socketError(code)), code).toBe('unclear');
    }
  });

  it('a refusal no resend can change is fatal', () => {
    expect(classify(new InvalidParameterException(metadata(400)))).toBe('fatal');
    expect(classify(new AccessDeniedException(metadata(400)))).toBe('fatal');
    expect(classify(new ResourceNotFoundException(metadata(400)))).toBe('fatal');
    expect(classify(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe('fatal');
    expect(classify(new TypeError('a bug'))).toBe('fatal');
    expect(classify('a string')).toBe('fatal');
  });

  it('reads a cause chain of any shape, a null cause included', () => {
    expect(classify(new Error('x', { cause: null }))).toBe('fatal');
    expect(classify(new Error('x', { cause: 'text' }))).toBe('fatal');
    const wrapped = new Error('outer', {
      cause: new Error('mid', { cause: socketError('EPIPE') }),
    });
    expect(classify(wrapped)).toBe('unclear');
  });
});

describe('classifyAuth0Error (Auth0 SDK errors)', () => {
  const status = (statusCode: number) => new ManagementError({ statusCode, body: {} });

  it('429 is retried; 5xx, 408 and timeouts are unclear; other 4xx are fatal', () => {
    expect(classifyAuth0Error(status(429))).toBe('retry');
    for (const code of [500, 502, 503, 504, 408])
      expect(classifyAuth0Error(status(code))).toBe('unclear');
    for (const code of [400, 401, 403, 404]) expect(classifyAuth0Error(status(code))).toBe('fatal');
    expect(classifyAuth0Error(new ManagementTimeoutError('Timeout exceeded'))).toBe('unclear');
  });

  it('a connection closed under fetch (undici) is unclear, as Node reports it', () => {
    const closed = Object.assign(new Error('other side closed'), {
      name: 'SocketError',
      code: 'UND_ERR_SOCKET',
    });
    const fetchFailed = new TypeError('fetch failed', { cause: closed });
    expect(
      classifyAuth0Error(new ManagementError({ message: 'fetch failed', cause: fetchFailed })),
    ).toBe('unclear');
  });

  it('a reset connection, wrapped by fetch and then by the SDK, is unclear', () => {
    const fetchFailed = new TypeError('fetch failed', { cause: socketError('ECONNRESET') });
    const error = new ManagementError({ message: 'fetch failed', cause: fetchFailed });
    expect(classifyAuth0Error(error)).toBe('unclear');
  });
});

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, with jitter in the upper half', () => {
    const schedule = { baseMs: 1_000, maxMs: 8_000 };
    expect([0, 1, 2, 3, 4].map((retry) => backoffDelay(retry, schedule, () => 1))).toEqual([
      1_000, 2_000, 4_000, 8_000, 8_000,
    ]);
    expect([0, 1, 2, 3, 4].map((retry) => backoffDelay(retry, schedule, () => 0))).toEqual([
      500, 1_000, 2_000, 4_000, 4_000,
    ]);
  });
});

describe('retrying', () => {
  const throttled = () => new ThrottlingException(metadata(400));
  const unavailable = () => new ServiceUnavailableException(metadata(503));

  function loop<T>(failures: unknown[], value: T, extra: Partial<RetryLoop<T>> = {}) {
    const slept: number[] = [];
    let attempts = 0;
    const options: RetryLoop<T> = {
      schedule: { baseMs: 100, maxMs: 1_000, attempts: 4 },
      sleep: async (ms) => void slept.push(ms),
      random: () => 1,
      send: async () => {
        attempts += 1;
        const failure = failures.shift();
        if (failure) throw failure;
        return value;
      },
      fatal: (error) => new Error('fatal', { cause: error }),
      exhausted: (error, count) => new Error(`exhausted after ${count}`, { cause: error }),
      ...extra,
    };
    return { options, slept, attempts: () => attempts };
  }

  it('retries what the policy says to, with the schedule, then succeeds', async () => {
    const run = loop([throttled(), unavailable()], 'ok');
    await expect(retrying(run.options)).resolves.toBe('ok');
    expect(run.slept).toEqual([100, 200]);
    expect(run.attempts()).toBe(3);
  });

  it('gives up after the schedule’s attempts with the last failure', async () => {
    const run = loop([throttled(), throttled(), throttled(), throttled(), throttled()], 'ok');
    await expect(retrying(run.options)).rejects.toThrow('exhausted after 4');
    expect(run.attempts()).toBe(4);
  });

  it('raises a fatal failure at once', async () => {
    const run = loop([new InvalidParameterException(metadata(400))], 'ok');
    await expect(retrying(run.options)).rejects.toThrow('fatal');
    expect(run.attempts()).toBe(1);
  });

  it('checks an unclear failure before resending, and stops when it took effect', async () => {
    const checked: unknown[] = [];
    const run = loop([unavailable()], 'sent', {
      settleUnclear: async (error) => {
        checked.push(error);
        return { value: 'found stored' };
      },
    });
    await expect(retrying(run.options)).resolves.toBe('found stored');
    expect(checked).toHaveLength(1);
    expect(run.attempts()).toBe(1);
  });

  it('never checks a throttled failure: it surely stored nothing', async () => {
    let checks = 0;
    const run = loop([throttled()], 'sent', {
      settleUnclear: async () => {
        checks += 1;
        return undefined;
      },
    });
    await expect(retrying(run.options)).resolves.toBe('sent');
    expect(checks).toBe(0);
  });

  it('lets the caller resend at once or after its own pause without spending an attempt', async () => {
    const marker = new Error('token expired');
    const reset = new Error('rate limited');
    const failures = [marker, reset, marker, reset, throttled(), throttled(), throttled()];
    const run = loop(failures, 'ok', {
      decide: (error) =>
        error === marker
          ? { kind: 'again' }
          : error === reset
            ? { kind: 'wait', ms: 5_000 }
            : { kind: 'classify' },
    });
    await expect(retrying(run.options)).resolves.toBe('ok');
    expect(run.slept).toEqual([5_000, 5_000, 100, 200, 400]);
  });

  it('stops at once when the run is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = loop([throttled()], 'ok', { signal: controller.signal });
    await expect(retrying(run.options)).rejects.toThrow('exhausted after 1');
    expect(run.slept).toEqual([]);
  });
});
