import { once } from 'node:events';
import net from 'node:net';

/** A loopback port nothing listens on right now, for a server a test or bench starts in another process. */
export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  return port;
}
