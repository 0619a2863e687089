import type { SourceConnection } from './collection-plan.js';
import type { ConnectionRepository } from './connection-repository.js';
import type { SecretBox } from './secret-box.js';
import { openSource } from './source-db.js';
import { ConnectionNotFoundError, ConnectionSecretUnreadableError } from '../../errors.js';

/**
 * Opens a saved connection as a read-only source. Throws ConnectionNotFoundError, ConnectionSecretUnreadableError
 * (the password was sealed under another SECRETS_KEY) or ConnectionFailedError. The caller closes it.
 */
export function sourceOpener(o: { connections: ConnectionRepository; secrets: SecretBox; timeoutMs: number }) {
  return async (dbId: number): Promise<SourceConnection> => {
    const c = await o.connections.find(dbId);
    if (!c) throw new ConnectionNotFoundError();
    const password = c.passwordEncrypted === '' ? '' : o.secrets.open(c.passwordEncrypted);
    if (password === null) throw new ConnectionSecretUnreadableError();
    return openSource({ type: c.type, host: c.host, port: c.port, database: c.database, username: c.username, password }, o.timeoutMs);
  };
}
export type SourceOpener = ReturnType<typeof sourceOpener>;

/** Runs `fn` on an opened source and closes it, whatever `fn` does. */
export async function withSource<T>(open: SourceOpener, dbId: number, fn: (source: SourceConnection) => Promise<T>): Promise<T> {
  const source = await open(dbId);
  try {
    return await fn(source);
  } finally {
    await source.close();
  }
}
