import type { Auth0Log } from '../logs/log.js';
import type { LogSource } from './ports.js';

/**
 * Reads pages after `after` in checkpoint mode, one request ahead of the consumer so that the next
 * page arrives while this one is batched. Ends at the first empty page (the end of the tenant's logs)
 * or when `stopping()` says so before the next request.
 */
export async function* checkpointPages(
  source: LogSource,
  after: string,
  take: number,
  stopping: () => boolean,
): AsyncGenerator<Auth0Log[]> {
  let pending: Promise<Auth0Log[]> | undefined = request(source, after, take);
  while (pending) {
    const logs = await pending;
    pending = undefined;
    const last = logs[logs.length - 1];
    if (last && !stopping()) pending = request(source, last.log_id, take);
    yield logs;
  }
}

function request(source: LogSource, from: string, take: number): Promise<Auth0Log[]> {
  const page = source.page(from, take);
  // Consumed later; a failure surfaces when it is awaited, never as an unhandled rejection.
  page.catch(() => undefined);
  return page;
}
