// The platform for cross-service tests: every service built from its real app, listening on an ephemeral
// port, sharing one private database and one Redis namespace, the gateway in front.
import type { Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { hashPassword, loadConfig } from '@app/service-kit';
import { createSeededDatabase, freePort, signTestToken, testServiceEnv } from '@app/testing';
import { listenAll } from '../src/plugins/app/listeners.js';
import type { CaptchaImage } from '../../auth/src/plugins/app/captcha.js';

export const ADMIN_PASSWORD = 'Admin-pass-123';
// In dependency order: each backend is built with the URLs of those before it (projects calls the orchestrator).
const BACKENDS = ['comfy-orchestrator', 'projects', 'vectors', 'stats', 'monitor'] as const;
type Backend = (typeof BACKENDS)[number];

export interface Platform {
  /** The console's origin: the console and /api. */
  url: string;
  /** The ComfyUI origin (COMFY_PUBLIC_URL): /comfy/... only. */
  comfyUrl: string;
  /** The gateway's internal port: /readyz details, /metrics, /documentation/json. */
  internalUrl: string;
  gateway: FastifyInstance;
  auth: FastifyInstance;
  captchas: CaptchaImage[];
  env: Record<string, string>;
  /** Logs in through the gateway as a browser would: captcha first. */
  login(username: string, password: string, headers?: Record<string, string>): Promise<Response>;
  token(username: string, password: string, headers?: Record<string, string>): Promise<string>;
  createUser(username: string, roleKey: string, password?: string): Promise<number>;
  /** A fresh access token for a user id + role, signed like the auth service signs. */
  mint(userId: number, roleKey: string): string;
  fetch(path: string, init?: RequestInit & { token?: string; ip?: string }): Promise<Response>;
  /** A request to the ComfyUI origin: `path` is a path there, or an absolute url open_comfy returned. */
  comfyFetch(path: string, init?: RequestInit & { ip?: string }): Promise<Response>;
}

export interface PlatformOptions {
  /** Backends to start (auth and the gateway always run); the others point at a closed port. */
  backends?: readonly Backend[];
  env?: Record<string, string>;
  webDist?: string;
  /** Runs once auth and the backends listen, before the gateway is built (e.g. a ban it must find at boot). */
  beforeGateway?: (auth: FastifyInstance) => Promise<void>;
}

const listen = async (app: FastifyInstance) => {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
};

export async function buildService(service: string, env: Record<string, string>, extra: object = {}): Promise<FastifyInstance> {
  const { buildApp } = await import(`../../${service}/src/app.js`);
  const { ConfigSchema } = await import(`../../${service}/src/config.js`);
  return buildApp(loadConfig(ConfigSchema, env), { logger: false, ...extra });
}

export async function startPlatform(t: Test, opts: PlatformOptions = {}): Promise<Platform> {
  const databaseUrl = await createSeededDatabase(t, ADMIN_PASSWORD);
  // The orchestrator needs the ComfyUI origin's address before the gateway exists: pick its port first.
  const comfyPort = await freePort();

  const env: Record<string, string> = {
    ...testServiceEnv(databaseUrl, 'platform'),
    SECRETS_KEY: 'k'.repeat(40),
    VECTOR_DATA_DIR: 'memory://',
    WEB_DIST: opts.webDist ?? '/nonexistent-web-dist',
    TRUST_PROXY: '127.0.0.1',
    COMFY_PUBLIC_URL: `http://127.0.0.1:${comfyPort}`,
    ...opts.env,
  };
  const apps: FastifyInstance[] = [];
  t.teardown(async () => {
    for (const app of apps.reverse()) await app.close();
  });

  const captchas: CaptchaImage[] = [];
  const { svgCaptchaGenerator } = await import('../../auth/src/plugins/app/captcha.js');
  const auth = await buildService('auth', env, {
    captchaGenerator: () => {
      const image = svgCaptchaGenerator();
      captchas.push(image);
      return image;
    },
  });
  apps.push(auth);
  env.AUTH_URL = await listen(auth);
  for (const service of BACKENDS.filter((b) => (opts.backends ?? BACKENDS).includes(b))) {
    const app = await buildService(service, env);
    apps.push(app);
    env[`${service.toUpperCase().replace(/-/g, '_')}_URL`] = await listen(app);
  }
  await opts.beforeGateway?.(auth);
  const gateway = await buildService('gateway', env);
  apps.push(gateway);
  const ports = await listenAll(gateway, { host: '127.0.0.1', port: 0, comfyPort, internalHost: '127.0.0.1', internalPort: 0 });
  const url = `http://127.0.0.1:${ports.port}`;
  const comfyUrl = `http://127.0.0.1:${ports.comfyPort}`;
  const internalUrl = `http://127.0.0.1:${ports.internalPort}`;

  const platformFetch: Platform['fetch'] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    if (init.ip) headers.set('x-forwarded-for', init.ip);
    if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
    return fetch(`${url}${path}`, { ...init, headers });
  };

  const comfyFetch: Platform['comfyFetch'] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.ip) headers.set('x-forwarded-for', init.ip);
    return fetch(new URL(path, comfyUrl), { ...init, headers });
  };

  async function login(username: string, password: string, headers: Record<string, string> = {}) {
    const captcha = await platformFetch('/api/auth/captcha', { headers });
    if (captcha.status !== 200) return captcha; // refused before the form could even be filled (banned, limited)
    const { key } = (await captcha.json()).data;
    return platformFetch('/api/auth/login', {
      method: 'POST',
      headers,
      body: JSON.stringify({ username, password, key, captcha: captchas.at(-1)!.text }),
    });
  }

  return {
    url,
    comfyUrl,
    internalUrl,
    gateway,
    auth,
    captchas,
    env,
    login,
    async token(username, password, headers) {
      const res = await login(username, password, headers);
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      return (await res.json()).data.token;
    },
    async createUser(username, roleKey, password = `${username}-Pass-123`) {
      const user = await auth.db.user.create({
        data: { username, email: `${username}@example.com`, passwordHash: await hashPassword(password), roleKey },
      });
      return user.id;
    },
    mint: (userId, roleKey) => signTestToken({ sub: String(userId), role: roleKey }),
    fetch: platformFetch,
    comfyFetch,
  };
}
