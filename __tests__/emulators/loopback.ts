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
