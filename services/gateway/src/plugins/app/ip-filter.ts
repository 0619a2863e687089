import { BlockList, isIPv4, isIPv6 } from 'node:net';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { CHANNELS } from '@app/contracts';
import { ForbiddenError, ServiceUnavailableError, onChannel } from '@app/service-kit';

export interface IpRule {
  ipOrCidr: string;
  expireAt: string | null;
}

export interface IpFilterOptions {
  /** The banned rules now in force (the auth service's `/internal/ip-rules`). */
  load: () => Promise<IpRule[]>;
  keyPrefix: string;
  /** Safety net when a pub/sub message is missed. */
  refreshMs?: number;
  /** Retry delays while the first load fails: the first, doubling up to the last. */
  retryMs?: { first: number; max: number };
}

/** IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is checked as the IPv4 address it is. */
export function normaliseIp(ip: string): string {
  return ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
}

export function buildBlockList(rules: IpRule[], now = Date.now()): { list: BlockList; nextExpiry: number | null } {
  const list = new BlockList();
  let nextExpiry: number | null = null;
  for (const rule of rules) {
    const expires = rule.expireAt ? Date.parse(rule.expireAt) : null;
    if (expires !== null && expires <= now) continue;
    if (expires !== null) nextExpiry = Math.min(nextExpiry ?? Infinity, expires);
    const [address, prefix] = rule.ipOrCidr.split('/');
    const type = isIPv6(address) ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return { list, nextExpiry };
}

/**
 * Rejects banned addresses before anything else runs (every route, the console and 404s included). The rules
 * live in memory; a ban published by the auth service reloads them on every replica within milliseconds.
 * Until the first list has loaded there is nothing to judge by: the gateway is not ready and refuses requests
 * (503) rather than serve a window without bans. The first load is retried quickly (1 s, doubling to 10 s).
 */
export const ipFilter = fp(
  async (app: FastifyInstance, opts: IpFilterOptions) => {
    let state = buildBlockList([]);
    let loaded = false;
    // Verdicts per address string, so the hot path is one Map lookup; emptied whenever the rules change.
    const verdicts = new Map<string, boolean>();
    const MAX_VERDICTS = 50_000;
    let expiryTimer: NodeJS.Timeout | undefined;
    let retryTimer: NodeJS.Timeout | undefined;
    let retryDelay = opts.retryMs?.first ?? 1000;
    let loading: Promise<void> | undefined;
    let again = false;
    let closed = false;

    async function reload(): Promise<void> {
      if (loading) {
        again = true; // a change arrived mid-load: load once more when this one ends
        return loading;
      }
      loading = (async () => {
        do {
          again = false;
          try {
            state = buildBlockList(await opts.load());
            loaded = true;
            verdicts.clear();
            clearTimeout(expiryTimer);
            if (state.nextExpiry !== null) {
              expiryTimer = setTimeout(() => void reload(), Math.min(state.nextExpiry - Date.now() + 10, 2 ** 31 - 1));
              expiryTimer.unref();
            }
          } catch (err) {
            app.log.warn({ err, loaded }, loaded ? 'could not reload IP rules; keeping the previous ones' : 'could not load IP rules; not serving until they load');
            if (!loaded) retrySoon();
          }
        } while (again);
      })().finally(() => {
        loading = undefined;
      });
      return loading;
    }

    function retrySoon() {
      if (closed || retryTimer) return;
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        void reload();
      }, retryDelay);
      retryTimer.unref();
      retryDelay = Math.min(retryDelay * 2, opts.retryMs?.max ?? 10_000);
    }

    const periodic = setInterval(() => void reload(), opts.refreshMs ?? 30_000);
    periodic.unref();
    app.addHook('onClose', async () => {
      closed = true;
      clearInterval(periodic);
      clearTimeout(expiryTimer);
      clearTimeout(retryTimer);
      detach();
    });
    app.decorate('reloadIpRules', reload);
    app.readiness.add('ip-rules', async () => {
      if (!loaded) throw new Error('IP rules not loaded yet');
    });
    // The first list, before the app is handed back to listen: with auth up, the first request is judged.
    await reload();
    // Then every change reloads them, and every resubscription after the first (it may have missed one).
    let subscribed = false;
    const detach = onChannel(app.subscriber, `${opts.keyPrefix}${CHANNELS.ipRulesChanged}`, {
      message: () => void reload(),
      ready: () => {
        if (subscribed) void reload();
        subscribed = true;
      },
    });

    function banned(raw: string): boolean {
      let verdict = verdicts.get(raw);
      if (verdict === undefined) {
        const ip = normaliseIp(raw);
        verdict = state.list.check(ip, isIPv6(ip) ? 'ipv6' : 'ipv4');
        if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
        verdicts.set(raw, verdict);
      }
      return verdict;
    }

    const check = (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
      if (!loaded) {
        // Liveness still answers; everything else waits for the rules.
        done(request.url === '/healthz' ? undefined : new ServiceUnavailableError('网关尚未就绪：IP 规则未加载'));
        return;
      }
      done(banned(request.ip) ? new ForbiddenError('您的 IP 已被封禁') : undefined);
    };
    app.decorate('ipCheck', check);
    app.addHook('onRequest', check);
  },
  { name: 'gateway-ip-filter', dependencies: ['service-kit-identity', 'service-kit-health'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    reloadIpRules: () => Promise<void>;
    /** The IP check as an onRequest hook, for the gateway's other public listener (the ComfyUI origin). */
    ipCheck: onRequestHookHandler;
  }
}
