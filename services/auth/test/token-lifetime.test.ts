// ACCESS_TOKEN_TTL_SEC: a setting with a floor and a ceiling, never longer than the revocation markers are
// kept (REVOCATION_TTL_SEC); a long-lived token (a client that never refreshes, art-design-pro) still ends
// at logout or when its user is disabled, since every check reads the markers.
import t from 'tap';
import { ConfigError, loadConfig } from '@app/service-kit';
import { testServiceEnv } from '@app/testing';
import { buildApp } from '../src/app.js';
import { ConfigSchema, checkConfig } from '../src/config.js';
import { ADMIN_PASSWORD, buildAuth } from './helpers.js';

const env = (extra: Record<string, string>) => ({ ...testServiceEnv('postgres://nobody@127.0.0.1:9/none', 'ttl'), ...extra });
const problemsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

t.test('the lifetime is bounded: 60 s to one day', async (t) => {
  t.equal(loadConfig(ConfigSchema, env({})).ACCESS_TOKEN_TTL_SEC, 900, 'default 15 minutes');
  t.equal(loadConfig(ConfigSchema, env({ ACCESS_TOKEN_TTL_SEC: '28800' })).ACCESS_TOKEN_TTL_SEC, 28800);
  t.match(problemsOf(() => loadConfig(ConfigSchema, env({ ACCESS_TOKEN_TTL_SEC: '86401' }))), [/^ACCESS_TOKEN_TTL_SEC must be <= 86400/]);
  t.match(problemsOf(() => loadConfig(ConfigSchema, env({ ACCESS_TOKEN_TTL_SEC: '59' }))), [/^ACCESS_TOKEN_TTL_SEC must be >= 60/]);
});

t.test('revocation markers must outlive the tokens they revoke', async (t) => {
  const config = loadConfig(ConfigSchema, env({ ACCESS_TOKEN_TTL_SEC: '28800', REVOCATION_TTL_SEC: '3600' }));
  t.match(problemsOf(() => checkConfig(config)), [/^REVOCATION_TTL_SEC \(3600\) must be at least ACCESS_TOKEN_TTL_SEC \(28800\)/]);
  await t.rejects(buildApp(config, { logger: false }), ConfigError, 'the service refuses to start');
  t.same(problemsOf(() => checkConfig(loadConfig(ConfigSchema, env({ ACCESS_TOKEN_TTL_SEC: '86400' })))), [], 'the default (one day) fits the longest');
});

t.test('a working-day token: issued for its lifetime, ended at logout and at disable all the same', async (t) => {
  const h = await buildAuth(t, { ACCESS_TOKEN_TTL_SEC: '28800', AUTH_CAPTCHA: 'off' });
  const login = async (username: string, password: string) => {
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { userName: username, password } });
    t.equal(res.statusCode, 200);
    return res.json().data as { token: string; expiresIn: number };
  };
  const me = (token: string) => h.app.inject({ url: '/api/user/info', headers: { authorization: token } });

  const first = await login('admin', ADMIN_PASSWORD);
  t.equal(first.expiresIn, 28800);
  const claims = JSON.parse(Buffer.from(first.token.split('.')[1], 'base64url').toString());
  t.equal(claims.exp - claims.iat, 28800, 'exp is eight hours after iat');
  t.equal((await me(first.token)).statusCode, 200);
  t.equal((await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: first.token } })).statusCode, 200);
  t.equal((await me(first.token)).statusCode, 401, 'logged out: refused at once, hours before it expires');

  const id = await h.createUser({ username: 'erin', password: 'Erin-pass-123', roleKey: 'viewer' });
  const erin = await login('erin', 'Erin-pass-123');
  t.equal((await me(erin.token)).statusCode, 200);
  const admin = await login('admin', ADMIN_PASSWORD);
  const disable = await h.app.inject({ method: 'PUT', url: `/api/settings/users/${id}/status`, headers: { authorization: admin.token }, payload: { status: 0 } });
  t.equal(disable.statusCode, 200);
  t.equal((await me(erin.token)).statusCode, 401, 'disabled: refused at once');
});
