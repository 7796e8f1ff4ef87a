/**
 * GitHub's artifact storage as @actions/artifact 6 and the REST API reach it: the Twirp
 * ArtifactService (CreateArtifact, FinalizeArtifact), the Azure block-blob upload behind the signed
 * URL, the repository's artifact list, and the zip endpoint that redirects to the blob.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback, readBody, type Loopback } from './loopback.js';

const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService/';

interface StoredArtifact {
  id: number;
  name: string;
  runId: number;
  createdAt: number;
  expiresAt?: number;
  finalized: boolean;
  blocks: Map<string, Buffer>;
  data?: Buffer;
}

export class ArtifactServiceEmulator {
  readonly calls: { method: string; path: string; status: number }[] = [];
  /** Tokens the REST API refuses with 403, as for a token without actions: read. */
  readonly deniedTokens = new Set<string>();
  private readonly stored: StoredArtifact[] = [];
  private nextId = 100;
  private clock = 0;

  private constructor(private readonly loopback: Loopback) {}

  get port(): number {
    return this.loopback.port;
  }

  static async start(): Promise<ArtifactServiceEmulator> {
    const server = http.createServer();
    const emulator = new ArtifactServiceEmulator(await listenOnLoopback(server, 0));
    server.on('request', (req, res) => void emulator.handle(req, res));
    return emulator;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * What the runner gives a job of run `runId`: the results service and its runtime token (a JWT
   * whose scp claim names the run's and job's backend ids), and the REST API.
   */
  env(runId: number): Record<string, string> {
    const part = (value: object): string =>
      Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = [
      part({ alg: 'none', typ: 'JWT' }),
      part({
        scp: `Actions.GenericRead Actions.Results:run-${runId}:job-${runId}`,
        exp: 4_102_444_800,
      }),
      'signature',
    ].join('.');
    return {
      ACTIONS_RESULTS_URL: `${this.url}/`,
      ACTIONS_RUNTIME_TOKEN: token,
      GITHUB_API_URL: this.url,
    };
  }

  artifacts(): {
    id: number;
    name: string;
    runId: number;
    createdAt: number;
    expiresAt?: number;
    size: number;
  }[] {
    return this.stored
      .filter((a) => a.finalized)
      .map((a) => ({
        id: a.id,
        name: a.name,
        runId: a.runId,
        createdAt: a.createdAt,
        expiresAt: a.expiresAt,
        size: a.data?.length ?? 0,
      }));
  }

  expireAll(): void {
    for (const artifact of this.stored) artifact.expiresAt = Date.now() - 1;
  }

  corrupt(id: number): void {
    const artifact = this.stored.find((a) => a.id === id);
    if (artifact) artifact.data = Buffer.from('not a checkpoint');
  }

  close(): Promise<void> {
    return this.loopback.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', this.url);
    const call = { method: req.method ?? 'GET', path: url.pathname, status: 0 };
    this.calls.push(call);
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      call.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };

    if (url.pathname.startsWith(TWIRP)) {
      const method = url.pathname.slice(TWIRP.length);
      const request = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      const runId = Number(String(request.workflow_run_backend_id ?? '').replace('run-', ''));
      if (method === 'CreateArtifact') {
        const name = String(request.name);
        if (this.stored.some((a) => a.runId === runId && a.name === name && a.finalized)) {
          return json(409, {
            code: 'already_exists',
            msg: `an artifact named ${name} exists in this run`,
          });
        }
        const artifact: StoredArtifact = {
          id: this.nextId++,
          name,
          runId,
          createdAt: this.tick(),
          expiresAt:
            typeof request.expires_at === 'string' ? Date.parse(request.expires_at) : undefined,
          finalized: false,
          blocks: new Map(),
        };
        this.stored.push(artifact);
        return json(200, {
          ok: true,
          signed_upload_url: `${this.url}/blobs/${artifact.id}?sig=upload`,
        });
      }
      if (method === 'FinalizeArtifact') {
        const artifact = this.stored.find(
          (a) => a.runId === runId && a.name === request.name && !a.finalized,
        );
        if (!artifact?.data)
          return json(404, { code: 'not_found', msg: 'no upload for this artifact' });
        artifact.finalized = true;
        return json(200, { ok: true, artifact_id: String(artifact.id) });
      }
      return json(404, { code: 'bad_route', msg: `no method ${method}` });
    }

    const blob = /^\/blobs\/(\d+)$/.exec(url.pathname);
    if (blob) {
      const artifact = this.stored.find((a) => a.id === Number(blob[1]));
      if (!artifact) return json(404, {});
      const azure = {
        'x-ms-request-id': randomUUID(),
        'x-ms-version': '2024-11-04',
        etag: `"0x${artifact.id}"`,
      };
      if (req.method === 'PUT') {
        const comp = url.searchParams.get('comp');
        if (comp === 'block') artifact.blocks.set(url.searchParams.get('blockid') ?? '', body);
        else if (comp === 'blocklist') {
          const ids = [
            ...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]+)</g),
          ].map((m) => m[1]!);
          artifact.data = Buffer.concat(
            ids.map((id) => artifact.blocks.get(id) ?? Buffer.alloc(0)),
          );
        } else artifact.data = body;
        call.status = 201;
        res.writeHead(201, azure).end();
        return;
      }
      call.status = 200;
      res.writeHead(200, {
        ...azure,
        'content-type': 'application/json',
        'content-disposition': `attachment; filename="${artifact.name}"`,
        'content-length': String(artifact.data?.length ?? 0),
      });
      res.end(artifact.data);
      return;
    }

    const rest = /^\/repos\/([^/]+)\/([^/]+)\/actions\/artifacts(?:\/(\d+)\/zip)?$/.exec(
      url.pathname,
    );
    if (rest) {
      const token = /^(?:Bearer|token) (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!token) return json(401, { message: 'Requires authentication', status: '401' });
      if (this.deniedTokens.has(token)) {
        return json(403, {
          message: 'Resource not accessible by integration',
          documentation_url:
            'https://docs.github.com/rest/actions/artifacts#list-artifacts-for-a-repository',
          status: '403',
        });
      }
      if (rest[3]) {
        const artifact = this.stored.find((a) => a.id === Number(rest[3]) && a.finalized);
        if (!artifact) return json(404, { message: 'Not Found', status: '404' });
        call.status = 302;
        res.writeHead(302, { location: `${this.url}/blobs/${artifact.id}?sig=download` }).end();
        return;
      }
      const name = url.searchParams.get('name');
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const matching = this.stored
        .filter((a) => a.finalized && (!name || a.name === name))
        .sort((a, b) => b.createdAt - a.createdAt);
      return json(200, {
        total_count: matching.length,
        artifacts: matching.slice((page - 1) * perPage, page * perPage).map((a) => ({
          id: a.id,
          node_id: `MDg6QXJ0aWZhY3Qx${a.id}`,
          name: a.name,
          size_in_bytes: a.data?.length ?? 0,
          url: `${this.url}/repos/${rest[1]}/${rest[2]}/actions/artifacts/${a.id}`,
          archive_download_url: `${this.url}/repos/${rest[1]}/${rest[2]}/actions/artifacts/${a.id}/zip`,
          expired: a.expiresAt !== undefined && a.expiresAt < Date.now(),
          created_at: new Date(a.createdAt).toISOString(),
          expires_at: a.expiresAt ? new Date(a.expiresAt).toISOString() : null,
          updated_at: new Date(a.createdAt).toISOString(),
          workflow_run: {
            id: a.runId,
            repository_id: 1,
            head_repository_id: 1,
            head_branch: 'main',
            head_sha: 'abc123',
          },
        })),
      });
    }
    json(404, { message: 'Not Found' });
  }

  private tick(): number {
    this.clock = Math.max(this.clock + 1, Date.now());
    return this.clock;
  }
}
