import type { ServerResponse } from 'node:http';

/** A JSON answer, as aiohttp's `web.json_response` writes it. */
export function json(res: ServerResponse, status: number, body: unknown, after?: () => void): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(data) });
  res.end(data, after);
}

/** A plain-text answer (aiohttp's `web.Response(text=…)`, and its `404: Not Found` pages). */
export function text(res: ServerResponse, status: number, body = ''): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
