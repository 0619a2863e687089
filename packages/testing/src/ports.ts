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

/**
 * A block of 20 ports for a test's ComfyUI instances (`COMFY_PORT_RANGE`), drawn at random from 20000–32759:
 * below Linux's ephemeral range (32768–60999), where the outgoing connections of every test running at the
 * same time take their local ports and would now and then hold one of the block.
 */
export function privatePortRange(): string {
  const first = 20000 + Math.floor(Math.random() * 638) * 20;
  return `${first}-${first + 19}`;
}
