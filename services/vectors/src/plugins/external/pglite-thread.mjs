// The in-process vector store's own thread: PGlite + pgvector, served on the PostgreSQL wire protocol by
// pglite-socket on a unix socket that only this process can reach (its directory is 0700). Statements run here,
// inside WebAssembly, so a long one (an HNSW build) blocks this thread, never the service's event loop.
// Plain JavaScript so that the thread needs no TypeScript loader (workers do not inherit tsx's on Node 20).
// Started by plugins/external/vector-store.ts with workerData { dataDir, socketPath }; messages:
//   → parent: { type: 'ready' } | { type: 'error', message } | { type: 'closed' }
//   ← parent: { type: 'close' }
import { mkdirSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** @type {{ dataDir: string, socketPath: string, maxConnections: number }} */
const { dataDir, socketPath, maxConnections } = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

/** @type {PGlite | undefined} */
let db;
/** @type {PGLiteSocketServer | undefined} */
let server;
try {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  db = await PGlite.create(dataDir, { extensions: { vector } });
  await db.exec('CREATE EXTENSION IF NOT EXISTS vector');
  server = new PGLiteSocketServer({ db, path: socketPath, maxConnections });
  await server.start();
  port.postMessage({ type: 'ready' });
} catch (err) {
  port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  await db?.close().catch(() => undefined);
  port.close();
}

port.on('message', async (/** @type {{ type: string }} */ message) => {
  if (message.type !== 'close') return;
  try {
    await server?.stop();
    // Closing PGlite flushes its data directory, so the next process opens it cleanly.
    if (db && !db.closed) await db.close();
  } finally {
    port.postMessage({ type: 'closed' });
    port.close();
  }
});
