import type { LogSink, PutOutcome, SinkBatch } from './ports.js';

/**
 * Sends batches one at a time, in the order given (delivery rule 4 rests on it: the newest log_id in
 * the stream proves every earlier log was stored). One batch is in flight while the next is filled;
 * a second sealed batch waits for the first to settle.
 */
export class Sender<B extends SinkBatch> {
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly sink: LogSink,
    private readonly onSettled: (batch: B, outcome: PutOutcome) => void,
    private readonly signal?: AbortSignal,
  ) {}

  /** Sends `batch` once the put in flight has settled; rejects with that put's failure. */
  async send(batch: B): Promise<void> {
    await this.settled();
    // Cancelled while waiting: this batch stays unsent, and the checkpoint stays before it.
    if (this.signal?.aborted) throw new Error('cancelled');
    const put = this.sink.put(batch).then((outcome) => {
      this.inFlight = undefined;
      this.onSettled(batch, outcome);
    });
    // A failure surfaces at the next `settled()`, never as an unhandled rejection.
    put.catch(() => undefined);
    this.inFlight = put;
  }

  /** Waits for the put in flight, if any; rejects with its failure. */
  async settled(): Promise<void> {
    if (this.inFlight) await this.inFlight;
  }

  /** Waits for the put in flight without raising its failure (the run is failing already). */
  async quiesce(): Promise<void> {
    await this.inFlight?.catch(() => undefined);
  }
}
