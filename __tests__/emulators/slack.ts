/** A Slack incoming webhook: records the JSON payloads it receives and answers as Slack does. */
import http from 'node:http';
import { listenOnLoopback, type Loopback } from './loopback.js';

const PATH = '/services/T000TEST/B000TEST/XXXXXXXXXXXXXXXXXXXXXXXX';

export class SlackWebhookEmulator {
  readonly payloads: unknown[] = [];
  private readonly failures: { status: number; count: number }[] = [];

  private constructor(private readonly loopback: Loopback) {}

  get port(): number {
    return this.loopback.port;
  }

  static async start(): Promise<SlackWebhookEmulator> {
    const server = http.createServer();
    const emulator = new SlackWebhookEmulator(await listenOnLoopback(server, 0));
    server.on('request', (req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const text = (status: number, message: string): void => {
          res.writeHead(status, { 'content-type': 'text/html' });
          res.end(message);
        };
        if (req.method !== 'POST' || req.url !== PATH) return text(404, 'no_service');
        const failure = emulator.failures.find((f) => f.count > 0);
        if (failure) {
          failure.count -= 1;
          return text(failure.status, failure.status >= 500 ? 'internal_error' : 'invalid_payload');
        }
        try {
          emulator.payloads.push(JSON.parse(body));
        } catch {
          return text(400, 'invalid_payload');
        }
        text(200, 'ok');
      });
    });
    return emulator;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}${PATH}`;
  }

  failNext(status = 500, count = 1): void {
    this.failures.push({ status, count });
  }

  close(): Promise<void> {
    return this.loopback.close();
  }
}
