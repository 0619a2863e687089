import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { CHANNELS } from '@app/contracts';
import type { SystemLogRepository } from '../system-log-repository.js';
import type { UserRepository } from '../user-repository.js';

/** Caches other processes keep of settings data; a message on the channel drops them everywhere at once. */
export type ChangeChannel = 'rolesChanged' | 'ipRulesChanged';

export interface SettingsEventsDeps {
  users: UserRepository;
  logs: SystemLogRepository;
  redis: FastifyInstance['redis'];
  /** REDIS_KEY_PREFIX: the namespace of the channels. */
  keyPrefix: string;
  log: FastifyBaseLogger;
}

/**
 * What every settings change does besides its own write: a domain record in the system log (the gateway
 * separately audits the HTTP request) and, for roles and IP rules, a cache invalidation message.
 */
export function settingsEvents({ users, logs, redis, keyPrefix, log }: SettingsEventsDeps) {
  const names = new WeakMap<FastifyRequest, Promise<string | null>>();

  /** The caller's username (for `createdBy` and the log), looked up once per request. */
  function actorName(request: FastifyRequest): Promise<string | null> {
    let name = names.get(request);
    if (!name) {
      const userId = request.identity?.userId;
      name = userId ? users.usernameOf(userId) : Promise.resolve(null);
      names.set(request, name);
    }
    return name;
  }

  return {
    actorName,

    /** An `operation` record such as USER_CREATE; `detail` is scrubbed of secrets by the writer. */
    async record(request: FastifyRequest, action: string, detail: unknown, status = 200) {
      try {
        await logs.write({
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
      const name = `${keyPrefix}${CHANNELS[channel]}`;
      try {
        await redis.publish(name, String(Date.now()));
      } catch (err) {
        // Caches still expire on their own (the role cache after 30 s); the committed change stands.
        log.error({ err, channel: name }, 'cache invalidation not published');
      }
    },
  };
}
export type SettingsEvents = ReturnType<typeof settingsEvents>;
