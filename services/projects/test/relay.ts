// A stand-in address for a peer service: it forwards every request to `target` and can be taken down.
// Two uses: a service built before its peer listens gets the relay's address and is pointed at the peer
// later (the orchestrator asks projects for names, projects asks the orchestrator for instances); and a test
// makes a peer unreachable for some paths while the rest keeps working.
import { createServer, request, type Server } from 'node:http';
import type { Test } from 'tap';

export interface Relay {
  url: string;
  /** Where requests go; unset: every connection is dropped, as by a service that is down. */
  target?: string;
  /** Paths refused as by a service that is down (the connection is dropped) while this returns true. */
  down?: (path: string) => boolean;
}

/** A relay on an ephemeral port, closed at `t`'s end (register it before what uses it, so it closes last). */
export async function startRelay(t: Test, target?: string): Promise<Relay> {
  const relay: Relay = { url: '', target };
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (!relay.target || relay.down?.(url)) {
      req.socket.destroy();
      return;
    }
    const upstream = request(new URL(url, relay.target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  relay.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return relay;
}
