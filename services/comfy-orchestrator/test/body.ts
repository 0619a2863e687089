// Request bodies of any size for the body-limit tests, generated as they are sent (one reused buffer), so
// the test's own memory stays flat, and read back: the peak RSS of a process since a reset.
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';

const FILL = Buffer.alloc(64 * 1024, 'a');

/** A body: literal pieces and runs of `a` (a number: that many bytes). */
export type Piece = string | Buffer | number;

export const bodyLength = (pieces: Piece[]) =>
  pieces.reduce<number>((n, p) => n + (typeof p === 'number' ? p : Buffer.byteLength(p)), 0);

/**
 * Sends `pieces` with Content-Length (`chunked: false`) or chunked, with backpressure, and stops writing as
 * soon as the answer arrives (a 413 comes before the body ends). Resolves with the status and body text;
 * a connection reset before any answer resolves as status 0 with the error's code as text.
 * A keep-alive connection, as browsers use: the server drops the rest of a refused body rather than
 * closing under the client.
 */
export function send(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; pieces: Piece[]; chunked: boolean },
): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...opts.headers };
    if (!opts.chunked) headers['content-length'] = bodyLength(opts.pieces);
    else headers['transfer-encoding'] = 'chunked';
    let answered = false;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const req = http.request(url, { method: opts.method ?? 'POST', headers, agent }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString(), headers: res.headers });
        req.destroy(); // the rest of a refused body is never sent
        agent.destroy();
      });
      res.on('error', reject);
    });
    // Writing into a connection the server closed after its 413 fails (EPIPE/ECONNRESET): not an outcome.
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (!answered) resolve({ status: 0, text: err.code ?? err.message, headers: {} });
    });
    void (async () => {
      for (const piece of opts.pieces) {
        if (typeof piece !== 'number') {
          if (!req.write(piece)) await drained(req);
          continue;
        }
        for (let left = piece; left > 0 && !answered && !req.destroyed; left -= FILL.length) {
          if (!req.write(left >= FILL.length ? FILL : FILL.subarray(0, left))) await drained(req);
        }
        if (answered || req.destroyed) return;
      }
      req.end();
    })();
  });
}

const drained = (req: http.ClientRequest) =>
  new Promise<void>((resolve) => {
    const done = () => {
      req.off('drain', done);
      req.off('close', done);
      resolve();
    };
    req.once('drain', done);
    req.once('close', done);
  });

/** A multipart upload of one file of `size` bytes as field `image`, as ComfyUI's page sends it. */
export function multipartImage(name: string, size: number): { pieces: Piece[]; contentType: string } {
  const boundary = '----xlboundary7MA4YWxkTrZu0gW';
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    pieces: [
      `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`,
      size,
      `\r\n--${boundary}\r\nContent-Disposition: form-data; name="overwrite"\r\n\r\ntrue\r\n--${boundary}--\r\n`,
    ],
  };
}

/** A prompt body padded with `pad` bytes (a JSON string field ComfyUI ignores). */
export function paddedPrompt(workflow: object, pad: number): Piece[] {
  return [`{"client_id":"limits","extra_pad":"`, pad, `","prompt":${JSON.stringify(workflow)}}`];
}

const kb = (field: string, pid: number | 'self') => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;

/** Resident memory of a process now, and its peak since the last `resetPeak` (VmRSS, VmHWM), in bytes. */
export const rss = (pid: number | 'self' = 'self') => kb('VmRSS', pid);
export const peakRss = (pid: number | 'self' = 'self') => kb('VmHWM', pid);
/** Resets the peak to the current RSS (Linux clear_refs 5; for another process it needs root). */
export const resetPeak = (pid: number | 'self' = 'self') => writeFileSync(`/proc/${pid}/clear_refs`, '5');
