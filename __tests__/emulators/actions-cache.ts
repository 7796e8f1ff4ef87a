/**
 * The Actions cache service v2 that @actions/cache 6 speaks: Twirp JSON (CreateCacheEntry,
 * FinalizeCacheEntryUpload, GetCacheEntryDownloadURL) plus the blob upload and download behind the
 * signed URLs, with GitHub's semantics: immutable keys, restore by exact key then prefix, newest first.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback, readBody, type Loopback } from './loopback.js';

const TWIRP = '/twirp/github.actions.results.api.v1.CacheService/';

export type CacheMethod =
  | 'CreateCacheEntry'
  | 'FinalizeCacheEntryUpload'
  | 'GetCacheEntryDownloadURL'
  | 'upload'
  | 'download';

interface Entry {
  id: number;
  key: string;
  version: string;
  createdAt: number;
  finalized: boolean;
  blocks: Map<string, Buffer>;
  data?: Buffer;
}

export class ActionsCacheEmulator {
  readonly calls: { method: string; at: number }[] = [];
  private readonly entries_: Entry[] = [];
  private readonly token = `header.${Buffer.from(JSON.stringify({ ac: JSON.stringify([{ Scope: 'refs/heads/main', Permission: 3 }]) })).toString('base64url')}.signature`;
  private readonly faults: { method: CacheMethod; status: number; count: number }[] = [];
  private nextId = 1;
  private clock = 0;

  private constructor(private readonly loopback: Loopback) {}

  get port(): number {
    return this.loopback.port;
  }

  static async start(options: { port?: number } = {}): Promise<ActionsCacheEmulator> {
    const server = http.createServer();
    const emulator = new ActionsCacheEmulator(await listenOnLoopback(server, options.port ?? 0));
    server.on('request', (req, res) => void emulator.handle(req, res));
    return emulator;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  env(): Record<string, string> {
    return {
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: this.url,
      ACTIONS_RUNTIME_TOKEN: this.token,
    };
  }

  entries(): {
    key: string;
    version: string;
    size: number;
    createdAt: number;
    finalized: boolean;
  }[] {
    return this.entries_.map((e) => ({
      key: e.key,
      version: e.version,
      size: e.data?.length ?? 0,
      createdAt: e.createdAt,
      finalized: e.finalized,
    }));
  }

  /** The bytes each finalized entry holds, as @actions/cache uploaded them (a compressed tar). */
  contents(): { key: string; data: Buffer }[] {
    return this.entries_
      .filter((e) => e.finalized && e.data !== undefined)
      .map((e) => ({ key: e.key, data: e.data! }));
  }

  /** Drops every entry, as GitHub does after 7 days without access. */
  evictAll(): void {
    this.entries_.length = 0;
  }

  evict(key: string): void {
    const index = this.entries_.findIndex((e) => e.key === key);
    if (index >= 0) this.entries_.splice(index, 1);
  }

  failNext(method: CacheMethod, status = 500, count = 1): void {
    this.faults.push({ method, status, count });
  }

  close(): Promise<void> {
    return this.loopback.close();
  }

  private fault(method: CacheMethod): number | undefined {
    const fault = this.faults.find((f) => f.method === method && f.count > 0);
    if (!fault) return undefined;
    fault.count -= 1;
    return fault.status;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', this.url);
    const json = (status: number, payload: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const twirpError = (status: number, code: string, msg: string): void =>
      json(status, { code, msg });

    if (url.pathname.startsWith(TWIRP) && req.method === 'POST') {
      const method = url.pathname.slice(TWIRP.length) as CacheMethod;
      this.calls.push({ method, at: Date.now() });
      if (req.headers.authorization !== `Bearer ${this.token}`)
        return twirpError(401, 'unauthenticated', 'bad token');
      const failed = this.fault(method);
      if (failed)
        return twirpError(
          failed,
          failed >= 500 ? 'internal' : 'invalid_argument',
          'injected fault',
        );
      const request = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      switch (method) {
        case 'CreateCacheEntry': {
          const key = String(request.key);
          const version = String(request.version);
          if (this.entries_.some((e) => e.key === key && e.version === version)) {
            return json(200, { ok: false, message: `cache entry ${key} already exists` });
          }
          const entry: Entry = {
            id: this.nextId++,
            key,
            version,
            createdAt: this.tick(),
            finalized: false,
            blocks: new Map(),
          };
          this.entries_.push(entry);
          return json(200, {
            ok: true,
            signed_upload_url: `${this.url}blobs/${entry.id}?sig=upload`,
          });
        }
        case 'FinalizeCacheEntryUpload': {
          const entry = this.entries_.find(
            (e) => e.key === request.key && e.version === request.version,
          );
          if (!entry || !entry.data)
            return twirpError(404, 'not_found', 'no upload for this entry');
          entry.finalized = true;
          return json(200, { ok: true, entry_id: String(entry.id) });
        }
        case 'GetCacheEntryDownloadURL': {
          const version = String(request.version);
          const keys = [
            String(request.key),
            ...((request.restore_keys as string[] | undefined) ?? []),
          ];
          const candidates = this.entries_
            .filter((e) => e.finalized && e.version === version)
            .sort((a, b) => b.createdAt - a.createdAt);
          for (const key of keys) {
            const match =
              candidates.find((e) => e.key === key) ??
              candidates.find((e) => e.key.startsWith(key));
            if (match) {
              return json(200, {
                ok: true,
                signed_download_url: `${this.url}blobs/${match.id}?sig=download`,
                matched_key: match.key,
              });
            }
          }
          return json(200, { ok: false, signed_download_url: '', matched_key: '' });
        }
        default:
          return twirpError(404, 'bad_route', `no method ${method}`);
      }
    }

    const blob = /^\/blobs\/(\d+)$/.exec(url.pathname);
    const entry = blob ? this.entries_.find((e) => e.id === Number(blob[1])) : undefined;
    if (!entry) {
      res.writeHead(404).end();
      return;
    }
    const azureHeaders = {
      'x-ms-request-id': randomUUID(),
      'x-ms-version': '2024-11-04',
      etag: `"0x${entry.id}"`,
      'last-modified': new Date().toUTCString(),
    };
    if (req.method === 'PUT') {
      this.calls.push({ method: 'upload', at: Date.now() });
      const failed = this.fault('upload');
      if (failed) {
        res.writeHead(failed, azureHeaders).end();
        return;
      }
      const comp = url.searchParams.get('comp');
      if (comp === 'block') {
        entry.blocks.set(url.searchParams.get('blockid') ?? '', body);
      } else if (comp === 'blocklist') {
        const ids = [
          ...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]+)</g),
        ].map((m) => m[1]!);
        entry.data = Buffer.concat(ids.map((id) => entry.blocks.get(id) ?? Buffer.alloc(0)));
      } else {
        entry.data = body;
      }
      res.writeHead(201, { ...azureHeaders, 'content-md5': '' }).end();
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      this.calls.push({ method: 'download', at: Date.now() });
      const failed = this.fault('download');
      if (failed || !entry.data) {
        res.writeHead(failed ?? 404).end();
        return;
      }
      res.writeHead(200, {
        ...azureHeaders,
        'content-type': 'application/octet-stream',
        'content-length': String(entry.data.length),
      });
      res.end(req.method === 'HEAD' ? undefined : entry.data);
      return;
    }
    res.writeHead(405).end();
  }

  /** A strictly increasing creation time, so that "newest" is well defined within one millisecond. */
  private tick(): number {
    this.clock = Math.max(this.clock + 1, Date.now());
    return this.clock;
  }
}
