import type { FastifyBaseLogger } from 'fastify';
import type { ServiceClient } from '@app/service-kit';
// The kit's errors module alone: the separate export worker loads this file without the server parts.
import { MSG, ServiceUnavailableError } from '@app/service-kit/errors';

// The kit's resolver alone (no server parts): the separate export worker loads this file too.
import { nameResolver, type NamesOf } from '@app/service-kit/names';

export { nameResolver, type NamesOf };

const CHUNK = 1000;

/** `POST /internal/projects/owners` of the projects service. */
interface OwnersReply {
  owners: { id: number; ownerUserId: number }[];
}

/**
 * Who owns each project (an unknown id is absent), asked of the projects service. Owners never change, so
 * answers are kept. When projects cannot answer this throws 503: ownership is never guessed.
 */
export function ownerResolver(client: ServiceClient, log: FastifyBaseLogger, maxEntries = 50_000) {
  const cache = new Map<number, number>();
  return async function ownersOf(ids: number[], requestId?: string): Promise<Map<number, number>> {
    const found = new Map<number, number>();
    const missing: number[] = [];
    for (const id of new Set(ids)) {
      const owner = cache.get(id);
      if (owner !== undefined) found.set(id, owner);
      else missing.push(id);
    }
    for (let i = 0; i < missing.length; i += CHUNK) {
      let res;
      try {
        res = await client.call<OwnersReply>('/internal/projects/owners', { method: 'POST', body: { ids: missing.slice(i, i + CHUNK) }, requestId, timeoutMs: 2000 });
        if (res.status !== 200) throw new Error(`/internal/projects/owners answered ${res.status}`);
      } catch (err) {
        log.warn({ err }, 'project owners unavailable');
        throw new ServiceUnavailableError(MSG.unavailable, { cause: err });
      }
      for (const { id, ownerUserId } of res.body.data.owners) {
        found.set(id, ownerUserId);
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
        cache.set(id, ownerUserId);
      }
    }
    return found;
  };
}
export type OwnersOf = ReturnType<typeof ownerResolver>;

/** The names stats shows: projects from the projects service, users from auth. */
export interface Names {
  /**
   * With `viewer` (a caller without `*`), only the names of that user's own projects: a log that names
   * someone else's project (written by an admin, or before ownership was checked) shows its id alone.
   */
  projects: (ids: number[], requestId?: string, viewer?: number) => Promise<Map<number, string>>;
  users: NamesOf;
  owners: OwnersOf;
}
export function platformNames(clients: { projects: ServiceClient; auth: ServiceClient }, log: FastifyBaseLogger): Names {
  const projectNames = nameResolver(clients.projects, '/internal/projects/names', log);
  const owners = ownerResolver(clients.projects, log);
  return {
    async projects(ids, requestId, viewer) {
      const names = await projectNames(ids, requestId);
      if (viewer === undefined || !names.size) return names;
      // Labels never fail a chart: without owners, no names at all rather than possibly someone else's.
      const ownerOf = await owners([...names.keys()], requestId).catch(() => new Map<number, number>());
      return new Map([...names].filter(([id]) => ownerOf.get(id) === viewer));
    },
    users: nameResolver(clients.auth, '/internal/users/names', log),
    owners,
  };
}
