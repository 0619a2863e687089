// ComfyUI's WebSocket (`/ws?clientId=…`): one stream per client id, JSON events and binary frames, and the
// feature_flags handshake whose answers ComfyUI keeps per socket (sockets_metadata).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { SimOptions } from './args.js';
import { isObject } from './json-object.js';
import type { Logger } from './logs.js';
import { originRejected } from './origin.js';

/** Sends a JSON event to one client (`sid`), or to every client when `sid` is null. */
export type SendEvent = (type: string, data: unknown, sid: string | null) => void;

export class SocketHub {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Map<string, WebSocket>();
  /** The feature flags each socket announced in its first message (ComfyUI's sockets_metadata). */
  private readonly socketFlags = new WeakMap<WebSocket, Record<string, unknown>>();

  /** `onOpen(sid)` greets a new client once its socket is registered (the queue's `status`, …). */
  constructor(
    private readonly opts: SimOptions,
    private readonly log: Logger,
    private readonly onOpen: (sid: string) => void,
  ) {}

  /** The client ids with a registered socket, in connection order. */
  clientIds(): string[] {
    return [...this.sockets.keys()];
  }

  /** The HTTP upgrade: `/ws` (or `/api/ws`) past the Host/Origin check becomes a socket; anything else is refused. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname.startsWith('/api/') ? url.pathname.slice(4) : url.pathname;
    if (p !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 14\r\nConnection: close\r\n\r\n404: Not Found');
      return;
    }
    if (originRejected(req, this.opts.enableCorsHeader, this.log)) {
      const body = 'request with non matching host and origin';
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, url.searchParams.get('clientId') ?? ''));
  }

  private accept(ws: WebSocket, requested: string): void {
    const sid = requested || randomUUID().replace(/-/g, '');
    // Reusing a clientId takes the stream over; the earlier socket stays open but gets nothing more.
    this.sockets.set(sid, ws);
    ws.on('close', () => {
      if (this.sockets.get(sid) === ws) this.sockets.delete(sid);
    });
    ws.on('error', () => {});
    // As ComfyUI's websocket_handler: only the FIRST text message that parses as JSON may negotiate; if it is
    // `feature_flags`, the client's flags are kept for this socket and the server's flags are the reply.
    // Every later message (another feature_flags included) gets no answer.
    this.socketFlags.set(ws, {});
    let firstMessage = true;
    ws.on('message', (raw, isBinary) => {
      if (isBinary) return;
      let msg: unknown;
      try {
        msg = JSON.parse(String(raw));
      } catch {
        this.log(`Invalid JSON received from client ${sid}: ${String(raw).slice(0, 200)}`);
        return;
      }
      if (!isObject(msg)) {
        // data.get(...) on a non-dict raises in ComfyUI's handler, which ends the connection
        ws.close();
        return;
      }
      if (firstMessage && msg.type === 'feature_flags') {
        this.socketFlags.set(ws, isObject(msg.data) ? msg.data : {});
        if (this.sockets.get(sid) === ws) this.send('feature_flags', this.featureFlags(), sid);
      }
      firstMessage = false;
    });
    this.onOpen(sid);
  }

  /** A JSON event `{ type, data }` to the client `sid`, or to every client when `sid` is null. */
  send(type: string, data: unknown, sid: string | null): void {
    const frame = JSON.stringify({ type, data });
    if (sid === null) {
      for (const ws of this.sockets.values()) if (ws.readyState === WebSocket.OPEN) ws.send(frame);
      return;
    }
    const ws = this.sockets.get(sid);
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(frame);
  }

  /** A binary frame: the 4-byte event type (protocol.py BinaryEventTypes), then `payload`. */
  sendBinary(eventType: number, payload: Buffer, sid: string | null): void {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(eventType);
    const frame = Buffer.concat([head, payload]);
    const targets = sid === null ? [...this.sockets.values()] : [this.sockets.get(sid)];
    for (const ws of targets) if (ws && ws.readyState === WebSocket.OPEN) ws.send(frame);
  }

  /** The server's feature flags (`GET /features`, and the reply to a client's feature_flags). */
  featureFlags() {
    return { supports_preview_metadata: true, max_upload_size: this.opts.maxUploadSizeMb * 1024 * 1024 };
  }

  /** feature_flags.supports_feature(sockets_metadata, sid, name): the flag the socket of `sid` announced is `true`. */
  supportsFeature(sid: string | null, name: string): boolean {
    const ws = sid === null ? undefined : this.sockets.get(sid);
    return ws !== undefined && this.socketFlags.get(ws)?.[name] === true;
  }

  closeAll(): void {
    for (const ws of this.wss.clients) ws.terminate();
  }
}
