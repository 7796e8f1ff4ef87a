/**
 * The benchmark's CloudWatch Logs emulator, on a worker thread of its own.
 *
 * Auth0 and CloudWatch are separate services: on the real ones, the export's puts do not slow the
 * tenant's answers. In one event loop with the Auth0 emulator, they would: each put of about 1 MiB
 * that the CloudWatch emulator reads and stores holds back the Auth0 answers due meanwhile, by some
 * milliseconds each. The pager, the baseline, makes no puts, so the export alone would pay for the
 * emulator's work. With CloudWatch on its own thread, the tenant answers on time in both.
 *
 * The thread keeps the stored events; what the benchmark reads of them comes back as figures.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import {
  PUT_LOG_EVENTS_EVENT_OVERHEAD_BYTES,
  PUT_LOG_EVENTS_MAX_BYTES,
  PUT_LOG_EVENTS_MAX_EVENTS,
} from '../src/cloudwatch/batcher.js';
import { CloudWatchEmulator } from '../__tests__/emulators/cloudwatch.js';

const DAY = 86_400_000;

/** What the benchmark reads of a log stream. */
export interface StreamFigures {
  /** Events stored in the stream. */
  events: number;
  /** PutLogEvents calls made to the emulator. */
  puts: number;
  /** The fewest PutLogEvents calls the AWS limits allow for the events stored. */
  minimumPuts: number;
}

type Request = { kind: 'figures'; group: string; stream: string } | { kind: 'close' };
type Reply =
  | { kind: 'started'; endpoint: string }
  | { kind: 'figures'; figures: StreamFigures }
  | {
      kind: 'closed';
    };

/** A lower bound on PutLogEvents calls: by bytes, by event count and by the 24-hour span. */
export function minimumPuts(events: readonly { timestamp: number; message: string }[]): number {
  if (events.length === 0) return 0;
  let bytes = 0;
  let low = Infinity;
  let high = -Infinity;
  for (const event of events) {
    bytes += Buffer.byteLength(event.message) + PUT_LOG_EVENTS_EVENT_OVERHEAD_BYTES;
    low = Math.min(low, event.timestamp);
    high = Math.max(high, event.timestamp);
  }
  return Math.max(
    Math.ceil(bytes / PUT_LOG_EVENTS_MAX_BYTES),
    Math.ceil(events.length / PUT_LOG_EVENTS_MAX_EVENTS),
    Math.ceil((high - low + 1) / DAY),
  );
}

/** The parent's handle on the emulator thread: one request answered at a time. */
export class CloudWatchThread {
  private constructor(
    private readonly worker: Worker,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<CloudWatchThread> {
    // The thread runs this same TypeScript file, so it registers tsx's loader before importing it.
    const tsx = import.meta.resolve('tsx/esm/api');
    const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(code, { eval: true, workerData: { role: 'cloudwatch' } });
    const reply = await next(worker);
    if (reply.kind !== 'started') throw new Error(`CloudWatch thread: unexpected ${reply.kind}`);
    return new CloudWatchThread(worker, reply.endpoint);
  }

  async figures(group: string, stream: string): Promise<StreamFigures> {
    const reply = await this.ask({ kind: 'figures', group, stream });
    if (reply.kind !== 'figures') throw new Error(`CloudWatch thread: unexpected ${reply.kind}`);
    return reply.figures;
  }

  async close(): Promise<void> {
    await this.ask({ kind: 'close' });
    await this.worker.terminate();
  }

  private ask(request: Request): Promise<Reply> {
    const reply = next(this.worker);
    this.worker.postMessage(request);
    return reply;
  }
}

function next(worker: Worker): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      worker.off('message', onMessage);
      reject(error);
    };
    const onMessage = (reply: Reply): void => {
      worker.off('error', onError);
      resolve(reply);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
  });
}

async function serve(): Promise<void> {
  const port = parentPort!;
  const emulator = await CloudWatchEmulator.start();
  const reply = (message: Reply): void => port.postMessage(message);
  port.on('message', (request: Request) => {
    if (request.kind === 'figures') {
      const events = emulator.events(request.group, request.stream);
      const puts = emulator.calls.filter((call) => call.operation === 'PutLogEvents').length;
      reply({
        kind: 'figures',
        figures: { events: events.length, puts, minimumPuts: minimumPuts(events) },
      });
    } else {
      void emulator.close().then(() => reply({ kind: 'closed' }));
    }
  });
  reply({ kind: 'started', endpoint: emulator.endpoint });
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === 'cloudwatch') {
  await serve();
}
