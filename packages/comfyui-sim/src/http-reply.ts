import type { ServerResponse } from 'node:http';

/** One row of a route table: method, path pattern (without the `/api` prefix), handler of the match. */
export type Route = [string, RegExp, (m: RegExpExecArray) => unknown];

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

/** aiohttp's own 404 page (HTTPNotFound raised or no route). */
export function notFound(res: ServerResponse): void {
  text(res, 404, '404: Not Found');
}

/** aiohttp's page for an exception escaping a handler. */
export function internalError(res: ServerResponse): void {
  text(res, 500, '500 Internal Server Error\n\nServer got itself in trouble');
}
