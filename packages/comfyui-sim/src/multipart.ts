// Minimal multipart/form-data parser (whole body in memory; bodies are capped by --max-upload-size).

export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return null;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    pos += delimiter.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing "--"
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd === -1) break;
    const headers = body.subarray(pos, headerEnd).toString('utf8').split('\r\n');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next === -1) break;
    const data = body.subarray(headerEnd + 4, next);
    let name = '';
    let filename: string | undefined;
    let contentType: string | undefined;
    for (const h of headers) {
      const idx = h.indexOf(':');
      if (idx < 0) continue;
      const key = h.slice(0, idx).trim().toLowerCase();
      const value = h.slice(idx + 1).trim();
      if (key === 'content-disposition') {
        name = /\bname="([^"]*)"/i.exec(value)?.[1] ?? '';
        const fn = /\bfilename="([^"]*)"/i.exec(value)?.[1];
        if (fn !== undefined) filename = fn;
      } else if (key === 'content-type') {
        contentType = value;
      }
    }
    parts.push({ name, filename, contentType, data: Buffer.from(data) });
    pos = next + 2;
  }
  return parts;
}
