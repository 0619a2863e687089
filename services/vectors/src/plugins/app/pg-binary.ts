/**
 * PostgreSQL's binary input format for the array parameters of a bulk write: a Buffer parameter goes over the
 * wire as is (node-postgres sends Buffers in binary), and the server reads it with the type's receive
 * function — no number formatting here, no text parsing there. For `$n::vector[]` and `$n::text[]`.
 */

/** OID of `text`, fixed in every PostgreSQL. */
export const TEXT_OID = 25;

/** A one-dimensional array (lower bound 1) of `count` elements of type `elementOid`; `write` fills each element's bytes. */
function array(elementOid: number, sizes: number[], write: (buf: Buffer, i: number, at: number) => void): Buffer {
  let total = 20;
  for (const size of sizes) total += 4 + size;
  const buf = Buffer.allocUnsafe(total);
  buf.writeInt32BE(1, 0); // dimensions
  buf.writeInt32BE(0, 4); // no NULLs
  buf.writeUInt32BE(elementOid, 8);
  buf.writeInt32BE(sizes.length, 12);
  buf.writeInt32BE(1, 16); // lower bound
  let at = 20;
  for (let i = 0; i < sizes.length; i++) {
    buf.writeInt32BE(sizes[i]!, at);
    write(buf, i, at + 4);
    at += 4 + sizes[i]!;
  }
  return buf;
}

/** `text[]` of these strings (UTF-8). */
export function textArray(values: string[]): Buffer {
  const bytes = values.map((v) => Buffer.from(v, 'utf8'));
  return array(TEXT_OID, bytes.map((b) => b.length), (buf, i, at) => bytes[i]!.copy(buf, at));
}

/**
 * `vector[]` of these embeddings (pgvector's binary form: int16 dimension, int16 0, then big-endian float4s);
 * `vectorOid` is the extension's type OID in this database (`'vector'::regtype::oid`).
 */
export function vectorArray(vectorOid: number, vectors: number[][]): Buffer {
  return array(vectorOid, vectors.map((v) => 4 + 4 * v.length), (buf, i, at) => {
    const v = vectors[i]!;
    buf.writeInt16BE(v.length, at);
    buf.writeInt16BE(0, at + 2);
    for (let j = 0, o = at + 4; j < v.length; j++, o += 4) buf.writeFloatBE(v[j]!, o);
  });
}
