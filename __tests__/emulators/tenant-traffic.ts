/**
 * The tenant's other Management API client (an admin tool, a sign-up hook): its own application,
 * sending a cheap request at a steady rate through the real SDK, never retrying, and recording every
 * status, so that a test can prove the export left it its share of the tenant's rate limit.
 */
import { ManagementError, TokenProvider } from 'auth0';
import { StatsClient } from 'auth0/stats';
import type { Auth0Emulator } from './auth0.js';

export interface TrafficResult {
  at: number;
  /** HTTP status, or 0 for a request that got no answer. */
  status: number;
  /** x-ratelimit-remaining of the answer, when it had one. */
  remaining?: number;
}

export interface TenantTrafficOptions {
  /** Requests a second, evenly spaced. */
  perSecond: number;
  clientId?: string;
  clientSecret?: string;
}

export class TenantTraffic {
  readonly results: TrafficResult[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;

  private constructor(private readonly client: StatsClient) {}

  /** Registers the client with the emulated tenant and starts sending. */
  static start(auth0: Auth0Emulator, options: TenantTrafficOptions): TenantTraffic {
    const clientId = options.clientId ?? 'tenant-admin-tool';
    const clientSecret = options.clientSecret ?? 'tenant-admin-tool-secret';
    auth0.addClient({ clientId, clientSecret, scopes: ['read:stats'] });
    const tokens = new TokenProvider({
      domain: auth0.domain,
      clientId,
      clientSecret,
      audience: `https://${auth0.domain}/api/v2/`,
    });
    const client = new StatsClient({
      baseUrl: `https://${auth0.domain}/api/v2`,
      token: () => tokens.getAccessToken(),
      maxRetries: 0,
      timeoutInSeconds: 10,
    });
    const traffic = new TenantTraffic(client);
    traffic.timer = setInterval(() => traffic.send(), 1_000 / options.perSecond);
    return traffic;
  }

  /** Stops sending and waits for the answers still due. */
  async stop(): Promise<TrafficResult[]> {
    clearInterval(this.timer);
    await Promise.all(this.inFlight);
    return this.results;
  }

  /** How many requests ended with each status. */
  statuses(): Record<number, number> {
    const counts: Record<number, number> = {};
    for (const { status } of this.results) counts[status] = (counts[status] ?? 0) + 1;
    return counts;
  }

  private send(): void {
    const at = Date.now();
    const request = this.client
      .getActiveUsersCount()
      .withRawResponse()
      .then(
        ({ rawResponse }) => this.record(at, rawResponse.status, rawResponse.headers),
        (error: unknown) => {
          if (error instanceof ManagementError && error.statusCode !== undefined) {
            this.record(at, error.statusCode, error.rawResponse?.headers);
          } else {
            this.record(at, 0);
          }
        },
      )
      .finally(() => this.inFlight.delete(request));
    this.inFlight.add(request);
  }

  private record(at: number, status: number, headers?: Headers): void {
    const remaining = headers?.get('x-ratelimit-remaining');
    this.results.push({
      at,
      status,
      remaining: remaining === null || remaining === undefined ? undefined : Number(remaining),
    });
  }
}
