import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CHANNELS } from '@app/contracts';

/** Caches other processes keep of settings data; a message on the channel drops them everywhere at once. */
export type ChangeChannel = 'rolesChanged' | 'ipRulesChanged';

/**
 * What every settings change does besides its own write: a domain record in the system log (the gateway
 * separately audits the HTTP request) and, for roles and IP rules, a cache invalidation message.
 */
export function settingsEvents(app: FastifyInstance) {
  const names = new WeakMap<FastifyRequest, Promise<string | null>>();

  /** The caller's username (for `createdBy` and the log), looked up once per request. */
  function actorName(request: FastifyRequest): Promise<string | null> {
    let name = names.get(request);
    if (!name) {
      const userId = request.identity?.userId;
      name = userId
        ? app.db.user.findUnique({ where: { id: userId }, select: { username: true } }).then((u) => u?.username ?? null)
        : Promise.resolve(null);
      names.set(request, name);
    }
    return name;
  }

  return {
    actorName,

    /** An `operation` record such as USER_CREATE; `detail` is scrubbed of secrets by the writer. */
    async record(request: FastifyRequest, action: string, detail: unknown, status = 200) {
      try {
        await app.systemLogs.write({
          type: 'operation',
          action,
          userId: request.identity?.userId ?? null,
          username: await actorName(request),
          ip: request.ip,
          method: request.method,
          path: request.url,
          status,
          detail,
        });
      } catch (err) {
        // The change itself is committed: report the lost record, do not turn success into a 500.
        request.log.error({ err, action }, 'system log not written');
      }
    },

    /** Tells every replica of every service to reload (the message body carries nothing). */
    async publish(channel: ChangeChannel) {
      // Channels are not keys: ioredis does not prefix them, so the namespace is added here.
      const name = `${app.config.REDIS_KEY_PREFIX}${CHANNELS[channel]}`;
      try {
        await app.redis.publish(name, String(Date.now()));
      } catch (err) {
        // Caches still expire on their own (the role cache after 30 s); the committed change stands.
        app.log.error({ err, channel: name }, 'cache invalidation not published');
      }
    },
  };
}
export type SettingsEvents = ReturnType<typeof settingsEvents>;
