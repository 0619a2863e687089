import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TooManyRequestsError } from '@app/service-kit';

export interface LoginGuardOptions {
  /** Failed logins allowed per username, and per IP, within `windowSec`, before further attempts get 429. */
  maxFailuresPerUser: number;
  maxFailuresPerIp: number;
  windowSec: number;
}

/**
 * Hooks of the login route. Brute-force limit: failed attempts are counted per username and per IP in Redis (shared by every
 * gateway replica); past the limit every attempt is refused with 429 until the window ends, right password
 * or not. A success clears the username's count.
 */
export function loginGuardHooks(app: FastifyInstance, opts: LoginGuardOptions) {
  const userKey = (name: string) => `bf:user:${name.toLowerCase()}`;
  const ipKey = (ip: string) => `bf:ip:${ip}`;
  const usernameOf = (request: FastifyRequest) => {
    const body = request.body as { username?: unknown; userName?: unknown } | undefined;
    const name = body?.username ?? body?.userName;
    return typeof name === 'string' ? name.trim().slice(0, 64) : '';
  };

  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    const name = usernameOf(request);
    const [user, ip] = await app.redis.mget(userKey(name), ipKey(request.ip));
    if (Number(user) >= opts.maxFailuresPerUser || Number(ip) >= opts.maxFailuresPerIp) {
      const ttl = await app.redis.ttl(Number(user) >= opts.maxFailuresPerUser ? userKey(name) : ipKey(request.ip));
      const wait = Math.max(1, ttl);
      reply.header('retry-after', String(wait));
      throw new TooManyRequestsError(`登录失败次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`);
    }
  };

  // Counted before the answer leaves, so the client's next attempt already sees the new count.
  const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const name = usernameOf(request);
    if (reply.statusCode === 200) {
      if (name) await app.redis.del(userKey(name));
      return payload;
    }
    if (reply.statusCode !== 400 && reply.statusCode !== 403) return payload;
    const tx = app.redis.multi();
    if (name) tx.incr(userKey(name)).expire(userKey(name), opts.windowSec, 'NX');
    tx.incr(ipKey(request.ip)).expire(ipKey(request.ip), opts.windowSec, 'NX');
    await tx.exec().catch((err) => request.log.warn({ err }, 'could not count a failed login'));
    return payload;
  };

  return { preHandler, onSend };
}
