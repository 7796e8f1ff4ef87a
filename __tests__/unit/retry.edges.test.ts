/** The retry policy at its edges: the real sleep, what is never retried, and the loop's last steps. */
import { ThrottlingException, ServiceUnavailableException } from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classify, retrying, sleep, type RetryLoop } from '../../src/retry.js';

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode }, message: 'x' });

afterEach(() => {
  vi.useRealTimers();
});

describe('sleep', () => {
  it('resolves after the pause, and at once for none', async () => {
    vi.useFakeTimers();
    let done = false;
    const pause = sleep(1_000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await pause;
    expect(done).toBe(true);
    await sleep(0);
    await sleep(-5);
  });

  it('ends early when the run is cancelled, so a cancelled run does not sit out a backoff', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    let done = false;
    const pause = sleep(60_000, controller.signal).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(done).toBe(false);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    await pause;
    expect(done).toBe(true);
    // Already cancelled: no pause at all.
    await sleep(60_000, controller.signal);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('classify, beyond the SDK errors', () => {
  it('what is not an error object is fatal', () => {
    for (const value of ['boom', null, undefined, 42]) expect(classify(value)).toBe('fatal');
  });

  it('a request aborted by the cancellation is fatal, even when fetch saw its socket close', () => {
    const aborted = Object.assign(new Error('aborted'), {
      name: 'AbortError',
      cause: { code: 'UND_ERR_SOCKET' },
    });
    expect(classify(aborted)).toBe('fatal');
  });

  it('finds a fetch transport code up to ten causes deep, and stops at a loop of causes', () => {
    let error: Record<string, unknown> = { code: 'UND_ERR_SOCKET' };
    for (let depth = 0; depth < 10; depth += 1) error = { message: 'wrapped', cause: error };
    expect(classify(error)).toBe('unclear');
    const cyclic: Record<string, unknown> = { message: 'cyclic' };
    cyclic.cause = cyclic;
    expect(classify(cyclic)).toBe('fatal');
    expect(classify({ message: 'a cause that is only text', cause: 'socket closed' })).toBe(
      'fatal',
    );
  });

  it('a Node.js code that is not a transport failure is fatal', () => {
    expect(classify(Object.assign(new Error('bad'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBe(
      'fatal',
    );
  });
});

describe('retrying, its last steps', () => {
  function loop(failures: unknown[], extra: Partial<RetryLoop<string>> = {}) {
    const slept: number[] = [];
    const retries: { attempt: number; delayMs: number }[] = [];
    const options: RetryLoop<string> = {
      schedule: { baseMs: 100, maxMs: 1_000, attempts: 4 },
      sleep: async (ms) => void slept.push(ms),
      random: () => 1,
      send: async () => {
        const failure = failures.shift();
        if (failure) throw failure;
        return 'sent';
      },
      onRetry: ({ attempt, delayMs }) => retries.push({ attempt, delayMs }),
      fatal: (error) => new Error('fatal', { cause: error }),
      exhausted: (error, count) => new Error(`exhausted after ${count}`, { cause: error }),
      ...extra,
    };
    return { options, slept, retries };
  }
  const unavailable = () => new ServiceUnavailableException(metadata(503));

  it('sends an unclear failure again when the check finds it did not take effect', async () => {
    const run = loop([unavailable()], { settleUnclear: async () => undefined });
    await expect(retrying(run.options)).resolves.toBe('sent');
    expect(run.retries).toEqual([{ attempt: 1, delayMs: 100 }]);
  });

  it('ends with what the caller settled, or fails with the caller’s error', async () => {
    const settled = loop([new Error('x')], { decide: () => ({ kind: 'done', value: 'found' }) });
    await expect(retrying(settled.options)).resolves.toBe('found');
    const failing = new Error('the caller gives up');
    const failed = loop([new Error('x')], { decide: () => ({ kind: 'fail', error: failing }) });
    await expect(retrying(failed.options)).rejects.toBe(failing);
  });

  it('stops without another attempt when the run is cancelled during the pause', async () => {
    const controller = new AbortController();
    let attempts = 0;
    const run = loop([], {
      signal: controller.signal,
      send: async () => {
        attempts += 1;
        throw new ThrottlingException(metadata(400));
      },
      sleep: async () => controller.abort(),
    });
    await expect(retrying(run.options)).rejects.toThrow('exhausted after 1');
    expect(attempts).toBe(1);
  });
});
