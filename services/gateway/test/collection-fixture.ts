// A vector collection built through the gateway from a two-row MariaDB table (dropped at the end): what the
// search and knowledge-base tests through the whole platform start from.
import mysql from 'mysql2/promise';
import { randomBytes } from 'node:crypto';
import type { Test } from 'tap';
import { until } from '@app/testing';
import type { Platform } from './platform.js';

export type Call = (method: string, path: string, body?: object) => Promise<{ status: number; body: any }>;

/** JSON calls through the gateway with `token`. */
export function caller(p: Platform, token: string): Call {
  return async (method, path, body) => {
    const res = await p.fetch(path, { method, token, ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: await res.json() };
  };
}

/** Rows 1 'pgvector keeps embeddings' and 2 'Redis keeps queues', built into a ready collection named `title`. */
export async function builtCollection(t: Test, call: Call, title: string): Promise<{ collectionId: number; table: string }> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' });
  const table = `${title}_${randomBytes(4).toString('hex')}`;
  t.teardown(async () => {
    await conn.query(`DROP TABLE IF EXISTS \`${table}\``);
    await conn.end();
  });
  await conn.query(`CREATE TABLE \`${table}\` (id INT PRIMARY KEY, body VARCHAR(200))`);
  await conn.query(`INSERT INTO \`${table}\` VALUES (1, 'pgvector keeps embeddings'), (2, 'Redis keeps queues')`);
  const source = await call('POST', '/api/vectors/connections', { name: 'maria', type: 'mysql', host: '127.0.0.1', port: 3306, database: 'test', username: 'root', password: '' });
  if (!source.body.data?.id) throw new Error(`connection not saved: ${JSON.stringify(source.body)}`);
  const created = await call('POST', '/api/vectors/create', { title, dbId: source.body.data.id, tableIds: [table], fieldKeys: [`${table}.body`] });
  if (!created.body.data?.id) throw new Error(`collection not created: ${JSON.stringify(created.body)}`);
  await until(() => call('GET', `/api/vectors/${created.body.data.id}`), (r) => r.body.data.status === 'ready', 30_000, 'the collection built');
  return { collectionId: created.body.data.id, table };
}
