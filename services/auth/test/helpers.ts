// Builds the real auth app over a private, migrated and seeded database and a private Redis namespace.
import type { LightMyRequestResponse } from 'fastify';
import type { Test } from 'tap';
import { loadConfig } from '@app/service-kit';
import { createSeededDatabase, testServiceEnv } from '@app/testing';
import { buildApp } from '../src/app.js';
import { ConfigSchema, type Config } from '../src/config.js';
import type { CaptchaImage } from '../src/plugins/app/captcha.js';

export const ADMIN_PASSWORD = 'Admin-pass-123';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Api = (method: Method, url: string, payload?: object, auth?: string) => Promise<LightMyRequestResponse>;

/** Polls `check` until it holds or `ms` pass; returns whether it held. */
export async function within(ms: number, check: () => boolean | Promise<boolean>): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface AuthHarness {
  app: Awaited<ReturnType<typeof buildApp>>;
  config: Config;
  /** Answers of the captchas drawn so far, by order (the test reads what a person would see). */
  captchas: CaptchaImage[];
  login(username: string, password: string): Promise<{ token: string; refreshToken: string; expiresIn: number }>;
  bearer(token: string): { authorization: string };
  /** Requests sent with `token`, or with the `auth` token a call names. */
  api(token: string): Api;
  createUser(input: { username: string; password: string; roleKey: string; status?: number }): Promise<number>;
}

export async function buildAuth(t: Test, env: Record<string, string> = {}): Promise<AuthHarness> {
  const databaseUrl = await createSeededDatabase(t, ADMIN_PASSWORD);
  const config = loadConfig(ConfigSchema, { ...testServiceEnv(databaseUrl, 'auth'), ...env });
  const captchas: CaptchaImage[] = [];
  const { svgCaptchaGenerator } = await import('../src/plugins/app/captcha.js');
  const app = await buildApp(config, {
    logger: false,
    captchaGenerator: () => {
      const image = svgCaptchaGenerator();
      captchas.push(image);
      return image;
    },
  });
  t.teardown(() => app.close());
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  async function login(username: string, password: string) {
    const captcha = await app.inject('/api/auth/captcha');
    const { key } = captcha.json().data;
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password, key, captcha: captchas.at(-1)!.text },
    });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
    return res.json().data;
  }

  async function createUser(input: { username: string; password: string; roleKey: string; status?: number }) {
    const { hashPassword } = await import('@app/service-kit');
    const user = await app.db.user.create({
      data: {
        username: input.username,
        email: `${input.username}@example.com`,
        passwordHash: await hashPassword(input.password),
        roleKey: input.roleKey,
        status: input.status ?? 1,
      },
    });
    return user.id;
  }

  const api = (token: string): Api => (method, url, payload, auth = token) => app.inject({ method, url, payload, headers: bearer(auth) });

  return { app, config, captchas, login, bearer, api, createUser };
}
