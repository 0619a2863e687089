// Cross-origin policy, as ComfyUI: without --enable-cors-header its origin_only_middleware refuses a request to a
// loopback host from another origin (403); with it, every answer carries the CORS headers and nothing is refused.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from './logs.js';

/** origin_only_middleware: true when the request must be refused (and logged, as ComfyUI warns). */
export function originRejected(req: IncomingMessage, enableCorsHeader: string | null, log: Logger): boolean {
  if (enableCorsHeader !== null) return false;
  const host = req.headers.host;
  const origin = req.headers.origin;
  if (!host || !origin) return false;
  let hostDomain: string | null = host.toLowerCase();
  const hostParsed = splitHostPort(hostDomain);
  const originParsed = parseOrigin(origin.toLowerCase());
  let originDomain: string | null = originParsed.netloc;
  const loopback = isLoopback(hostParsed.hostname);
  if (originParsed.port === null) hostDomain = hostParsed.hostname;
  if (hostParsed.port === null) originDomain = originParsed.hostname;
  if (loopback && hostDomain && originDomain && hostDomain !== originDomain) {
    log(`WARNING: request with non matching host and origin ${hostDomain} != ${originDomain}, returning 403`);
    return true;
  }
  return false;
}

/** create_cors_middleware(allowed_origin): the headers every answer gets with --enable-cors-header. */
export function applyCors(res: ServerResponse, allowed: string | null): void {
  if (allowed === null) return;
  res.setHeader('Access-Control-Allow-Origin', allowed);
  res.setHeader('Access-Control-Allow-Methods', 'POST, GET, DELETE, PUT, OPTIONS, PATCH');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
  res.setHeader('Access-Control-Allow-Credentials', 'true');
}

/** `host[:port]` / `[v6]:port` → hostname and explicit port (null when absent), like urlsplit('//' + host). */
function splitHostPort(host: string): { hostname: string; port: string | null } {
  const v6 = /^\[([^\]]+)\](?::(\d*))?$/.exec(host);
  if (v6) return { hostname: v6[1]!, port: v6[2] ? v6[2] : null };
  const idx = host.lastIndexOf(':');
  if (idx >= 0 && host.indexOf(':') === idx) return { hostname: host.slice(0, idx), port: host.slice(idx + 1) || null };
  return { hostname: host, port: null };
}

/** Like Python's urlparse(origin): netloc, hostname and the port as written (URL() would drop default ports). */
function parseOrigin(origin: string): { hostname: string; port: string | null; netloc: string } {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?/i.exec(origin);
  if (!m) return { hostname: '', port: null, netloc: '' };
  const host = m[1]!;
  const port = m[2] ? m[2] : null;
  return { hostname: host.replace(/^\[|\]$/g, ''), port, netloc: port !== null ? `${host}:${port}` : host };
}

function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:127\./.test(h)) return true;
  return false;
}
