import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RevocationCheck } from '@app/service-kit';

export const SESSION_COOKIE = 'xl_comfy';
const TICKET_TTL_SEC = 60;

interface Grant {
  serviceId: string;
  userId: number;
  /** Unix seconds the browser session began: a user-wide revocation after it ends it. */
  iat: number;
  /** The login session (refresh family) it was opened from: its logout or theft ends this one too. */
  fid?: string;
}

/**
 * Browser access to an instance. A tab opened by the console cannot send the bearer token, so open_comfy
 * mints a one-time ticket (60 s, single use, bound to user and instance) that the proxy exchanges for an
 * HttpOnly cookie scoped to `/comfy/<serviceId>/`. Sessions live in Redis: revocable, shared by replicas.
 */
export function comfyAccess(redis: Redis, opts: { sessionTtlSec: number; revocation: RevocationCheck }) {
  const ticketKey = (t: string) => `comfy:ticket:${t}`;
  const sessionKey = (s: string) => `comfy:session:${s}`;
  const token = () => randomBytes(32).toString('base64url');
  const now = () => Math.floor(Date.now() / 1000);

  return {
    async mintTicket(serviceId: string, userId: number, fid?: string): Promise<string> {
      const ticket = token();
      await redis.set(ticketKey(ticket), JSON.stringify({ serviceId, userId, iat: now(), fid } satisfies Grant), 'EX', TICKET_TTL_SEC);
      return ticket;
    },

    /** The ticket's grant, once: a second use, another instance's ticket or an expired one is null. */
    async redeem(ticket: string, serviceId: string): Promise<Grant | null> {
      const raw = await redis.getdel(ticketKey(ticket));
      if (!raw) return null;
      const grant = JSON.parse(raw) as Grant;
      return grant.serviceId === serviceId ? grant : null;
    },

    async createSession(ticket: Grant): Promise<string> {
      const sid = token();
      const grant: Grant = { serviceId: ticket.serviceId, userId: ticket.userId, iat: now(), fid: ticket.fid };
      await redis.set(sessionKey(sid), JSON.stringify(grant), 'EX', opts.sessionTtlSec);
      return sid;
    },

    /** Whose browser session this is (any instance), unless it is unknown, expired or revoked. */
    async sessionGrant(sid: string | undefined): Promise<{ serviceId: string; userId: number } | null> {
      if (!sid) return null;
      const raw = await redis.get(sessionKey(sid));
      if (!raw) return null;
      const grant = JSON.parse(raw) as Grant;
      const revoked = await opts.revocation.isRevoked({ sub: String(grant.userId), role: '', jti: `comfy:${sid}`, iat: grant.iat, exp: grant.iat + opts.sessionTtlSec, fid: grant.fid });
      return revoked ? null : { serviceId: grant.serviceId, userId: grant.userId };
    },
  };
}
export type ComfyAccess = ReturnType<typeof comfyAccess>;
