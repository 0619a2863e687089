import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MSG, ServiceUnavailableError } from '@app/service-kit';
import { LoginLockedError } from '../../errors.js';

export interface LoginGuardOptions {
  /** Failed logins allowed per username, and per IP, within `windowSec`, before further attempts get 429. */
  maxFailuresPerUser: number;
  maxFailuresPerIp: number;
  windowSec: number;
}

/**
 * The one failure that counts toward locking a username: a wrong password that came with a valid captcha
 * (or with the captcha off). Wrong captchas and malformed requests need no knowledge of the account, so
 * anyone could lock `admin` with them; they count toward the client IP only.
 */
const BAD_CREDENTIALS = 'AUTH_BAD_CREDENTIALS';
/** Auth's error answers are a few hundred bytes; anything bigger is not read for its key. */
const MAX_ERROR_BODY = 64 * 1024;

/**
 * Hooks of the login route. Brute-force limit: failed attempts are counted per username and per IP in Redis (shared by every
 * gateway replica); past the limit every attempt is refused with 429 until the window ends, right password
 * or not. A success clears the username's count. Which failure it was comes from the `errorKey` of auth's answer.
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
    // Fails closed: without the counts, a Redis outage would switch brute-force protection off.
    const [user, ip] = await app.redis.mget(userKey(name), ipKey(request.ip)).catch((err: unknown) => {
      request.log.error({ err }, 'login guard: Redis unavailable');
      throw new ServiceUnavailableError(MSG.unavailable);
    });
    if (Number(user) >= opts.maxFailuresPerUser || Number(ip) >= opts.maxFailuresPerIp) {
      const ttl = await app.redis.ttl(Number(user) >= opts.maxFailuresPerUser ? userKey(name) : ipKey(request.ip)).catch(() => opts.windowSec);
      const wait = Math.max(1, ttl);
      reply.header('retry-after', String(wait));
      throw new LoginLockedError(`登录失败次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`);
    }
  };

  // Counted before the answer leaves, so the client's next attempt already sees the new count.
  const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const name = usernameOf(request);
    const status = reply.statusCode;
    if (status === 200) {
      if (name) await app.redis.del(userKey(name)).catch((err) => request.log.warn({ err }, 'could not clear failed logins'));
      return payload;
    }
    // 429 is this guard's (or the rate limit's) own refusal; 5xx says nothing about the caller.
    if (status < 400 || status >= 500 || status === 429) return payload;
    const { body, errorKey } = await readErrorKey(payload);
    const tx = app.redis.multi();
    if (name && errorKey === BAD_CREDENTIALS) tx.incr(userKey(name)).expire(userKey(name), opts.windowSec, 'NX');
    tx.incr(ipKey(request.ip)).expire(ipKey(request.ip), opts.windowSec, 'NX');
    await tx.exec().catch((err) => request.log.warn({ err }, 'could not count a failed login'));
    return body;
  };

  return { preHandler, onSend };
}

/**
 * The `errorKey` of an error answer, and the payload to send on in place of the one read: the gateway's
 * own errors arrive serialised, a proxied answer as the upstream's stream.
 */
async function readErrorKey(payload: unknown): Promise<{ body: unknown; errorKey?: string }> {
  let body = payload;
  if (isReadable(payload)) {
    const chunks: Buffer[] = [];
    for await (const chunk of payload) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    body = Buffer.concat(chunks);
  }
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) && body.length <= MAX_ERROR_BODY ? body.toString('utf8') : '';
  try {
    const key = (JSON.parse(text) as { errorKey?: unknown }).errorKey;
    return { body, errorKey: typeof key === 'string' ? key : undefined };
  } catch {
    return { body };
  }
}

function isReadable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { pipe?: unknown }).pipe === 'function';
}
