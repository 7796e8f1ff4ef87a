/** What every emulator needs: a server on 127.0.0.1, a clean close, request bodies, seeded dice. */
import type { IncomingMessage } from 'node:http';
import type { Server, Socket } from 'node:net';

export interface Loopback {
  port: number;
  /** Closes the server, cutting open keep-alive connections so that close() returns at once. */
  close(): Promise<void>;
}

export async function listenOnLoopback(
  server: Server,
  port = 0,
  secure = false,
): Promise<Loopback> {
  const sockets = new Set<Socket>();
  server.on(secure ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.concat(chunks)));
  });
}

/** A small linear congruential generator: the same faults for the same seed, run after run. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** A random fault plan: per matching request, with `probability`, one of `kinds` chosen at random. */
export interface FaultPlan<Kind> {
  probability: number;
  kinds: Kind[];
  /** Operation names; all operations when absent. */
  operations?: string[];
}

/** The faults an emulator injects: scripted ones (the next matching requests) before the plan. */
export class FaultSchedule<Kind> {
  private plan?: FaultPlan<Kind>;
  private readonly scripted: { kind: Kind; count: number; operations?: string[] }[] = [];

  constructor(private readonly random: () => number) {}

  inject(plan: FaultPlan<Kind>): void {
    this.plan = plan;
  }

  /** The next `count` requests to one of `operations` (any, when absent) fail with `kind`. */
  script(kind: Kind, count: number, operations?: string[]): void {
    this.scripted.push({ kind, count, operations });
  }

  clear(): void {
    this.plan = undefined;
    this.scripted.length = 0;
  }

  /** The fault for a request to `operation`, if any. */
  pick(operation: string): Kind | undefined {
    const scripted = this.scripted.find(
      (s) => s.count > 0 && (!s.operations || s.operations.includes(operation)),
    );
    if (scripted) {
      scripted.count -= 1;
      return scripted.kind;
    }
    const plan = this.plan;
    if (!plan || plan.kinds.length === 0) return undefined;
    if (plan.operations && !plan.operations.includes(operation)) return undefined;
    if (this.random() >= plan.probability) return undefined;
    return plan.kinds[Math.floor(this.random() * plan.kinds.length)];
  }
}
