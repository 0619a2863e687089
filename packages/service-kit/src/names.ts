import type { FastifyBaseLogger } from 'fastify';
import type { Names as NamesReply } from '@app/contracts';
import type { ServiceClient } from './service-client.js';

const CHUNK = 1000;

/**
 * Display names of projects or users, asked of the service that owns them (`POST /internal/<kind>/names`:
 * auth's `/internal/users/names`, projects' `/internal/projects/names`) and kept for `ttlMs`, so a page
 * refreshed every few seconds costs no call. When the owner is down (or answers an error) the ids it could
 * not name are simply absent from the answer: the caller shows them without a name, and a page never fails
 * for a label. Failures are not cached: the next call asks again.
 */
export function nameResolver(client: ServiceClient, path: string, log: FastifyBaseLogger, ttlMs = 60_000) {
  const cache = new Map<number, { name: string; until: number }>();
  return async function namesOf(ids: number[], requestId?: string): Promise<Map<number, string>> {
    const now = Date.now();
    const found = new Map<number, string>();
    const missing: number[] = [];
    for (const id of new Set(ids)) {
      const hit = cache.get(id);
      if (hit && hit.until > now) found.set(id, hit.name);
      else missing.push(id);
    }
    for (let i = 0; i < missing.length; i += CHUNK) {
      try {
        const res = await client.call<NamesReply>(path, { method: 'POST', body: { ids: missing.slice(i, i + CHUNK) }, requestId, timeoutMs: 2000 });
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        for (const { id, name } of res.body.data.names) {
          found.set(id, name);
          cache.set(id, { name, until: now + ttlMs });
        }
      } catch (err) {
        log.warn({ err, path }, 'names unavailable; shown without names');
        break;
      }
    }
    if (cache.size > 50_000) for (const [id, v] of cache) if (v.until <= now) cache.delete(id);
    return found;
  };
}
export type NamesOf = ReturnType<typeof nameResolver>;
