import { createPlatformService, createServiceClient } from '@app/service-kit';
import type { Config } from './config.js';
import { platformApiDoc } from './plugins/app/api-docs.js';
import { okStatusHook } from './plugins/app/api-status.js';
import { auditRecorder } from './plugins/app/audit.js';
import { ipFilter, type IpRule } from './plugins/app/ip-filter.js';
import { comfyOrigin, internalListener } from './plugins/app/listeners.js';
import { loginGuardHooks } from './plugins/app/login-guard.js';
import { upstreamsOf } from './plugins/app/upstreams.js';
import rateLimit from './plugins/external/rate-limit.js';
import securityHeaders from './plugins/external/security-headers.js';
import apiDocsRoutes from './routes/api-docs/index.js';
import consoleRoutes from './routes/console/index.js';
import proxyRoutes from './routes/proxy/index.js';

export async function buildApp(config: Config, opts: { logger?: boolean | object } = {}) {
  // Probes, metrics and the OpenAPI document are served on the internal listener only (`listeners.ts`).
  const app = await createPlatformService({ service: 'gateway', config, logger: opts.logger, probes: false });
  // Before any route: it covers the gateway's own answers (401/403 guard, 429 limits, 404, 503) and the proxied ones.
  if (config.API_ERROR_STATUS === 'ok') okStatusHook(app);
  const services = upstreamsOf(config);
  const auth = createServiceClient(config.AUTH_URL, { internalToken: config.INTERNAL_TOKEN, name: 'auth' });
  app.addHook('onClose', () => auth.close());

  // Order matters: the IP check runs first on every request, before anything else is looked at.
  await app.register(ipFilter, {
    keyPrefix: config.REDIS_KEY_PREFIX,
    load: async () => {
      const res = await auth.call<{ rules: IpRule[] }>('/internal/ip-rules');
      if (res.status !== 200) throw new Error(`auth answered ${res.status} for IP rules`);
      return res.body.data.rules;
    },
  });
  await app.register(securityHeaders);
  await app.register(rateLimit);
  const loginGuard = loginGuardHooks(app, {
    maxFailuresPerUser: config.LOGIN_MAX_FAILURES_PER_USER,
    maxFailuresPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
    windowSec: config.LOGIN_FAILURE_WINDOW_SEC,
  });
  const audit = auditRecorder(app, { redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
  // Hooks only where they apply: a plain GET pays for neither the login guard nor the audit.
  await app.register(proxyRoutes, {
    upstreams: services,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    rateLimits: config,
    hooks: (rule) => ({
      ...(rule.method === 'POST' && rule.path === '/api/auth/login' ? loginGuard : {}),
      ...(audit.audited(rule.method, rule.path) ? { onResponse: audit.onResponse } : {}),
    }),
  });
  await app.register(apiDocsRoutes, { apiDoc: platformApiDoc(services) });
  await app.register(consoleRoutes, { webDist: config.WEB_DIST });

  // The ComfyUI origin and the internal port: apps of their own, sharing this one's IP rules and metrics.
  const comfy = await comfyOrigin(app, config, opts.logger);
  const internal = await internalListener(app, config, opts.logger);
  app.decorate('gatewayListeners', { comfy, internal });
  app.addHook('onClose', async () => {
    await Promise.all([comfy.close(), internal.close()]);
  });
  return app;
}
