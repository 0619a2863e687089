import net from 'node:net';

/** Whether something already listens on 127.0.0.1:port (a leftover process, another program). */
export function portTaken(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = net.createServer();
    server.once('error', () => done(true));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => done(false)));
  });
}

/**
 * Hands out ports of COMFY_PORT_RANGE: never one a live instance holds (`inUse`), never one reserved by a
 * launch in progress, never one something else is bound to right now.
 */
export function portPool(range: string, inUse: () => Promise<number[]>) {
  const [first, last] = range.split('-').map(Number);
  if (!(first > 0 && last >= first && last < 65536)) throw new Error(`COMFY_PORT_RANGE ${range} is not first-last`);
  const reserved = new Set<number>();
  return {
    size: last - first + 1,
    async allocate(exclude: Iterable<number> = []): Promise<number | null> {
      const busy = new Set([...(await inUse()), ...reserved, ...exclude]);
      for (let port = first; port <= last; port++) {
        if (busy.has(port)) continue;
        reserved.add(port);
        if (!(await portTaken(port))) return port;
        reserved.delete(port);
      }
      return null;
    },
    /** The launch that reserved it has recorded it (or given it up). */
    release(port: number) {
      reserved.delete(port);
    },
  };
}
export type PortPool = ReturnType<typeof portPool>;
