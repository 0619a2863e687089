// A login session (refresh family, claim `fid`) ends everywhere at once, and only tokens this platform issued
// for itself (iss, aud) are accepted: checked on the projects service, which learns of revocations only
// through Redis, not on the auth service that wrote them.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { createSigner } from 'fast-jwt';
import { JWT_DEFAULTS } from '@app/service-kit';
import { signTestToken, testKeys } from '@app/testing';
import { ADMIN_PASSWORD, startPlatform } from '../../gateway/test/platform.js';

const p = await startPlatform(t, { backends: ['projects'] });

type Pair = { token: string; refreshToken: string };
async function login(): Promise<Pair> {
  const res = await p.login('admin', ADMIN_PASSWORD);
  if (res.status !== 200) throw new Error(`login: ${res.status}`);
  return (await res.json()).data;
}
const refresh = (refreshToken: string) => p.fetch('/api/auth/refresh', { method: 'POST', body: JSON.stringify({ refreshToken }) });
/** The projects service itself, not through the gateway: its own verifier and revocation check answer. */
const onProjects = async (token: string) => (await fetch(`${p.env.PROJECTS_URL}/api/projects`, { headers: { authorization: `Bearer ${token}` } })).status;

t.test('reusing a rotated refresh token ends every access token of that session at once, and no other session', async (t) => {
  const victim = await login();
  const otherSession = await login();
  t.equal(await onProjects(victim.token), 200);

  // The thief uses the copied refresh token first; the victim's next refresh then presents a rotated token.
  const stolen = await refresh(victim.refreshToken);
  t.equal(stolen.status, 200);
  const thief: Pair = (await stolen.json()).data;
  t.equal(await onProjects(thief.token), 200, 'the thief’s access token worked until the reuse was seen');
  t.equal((await refresh(victim.refreshToken)).status, 401, 'the reuse is refused');

  t.equal(await onProjects(thief.token), 401, 'the access token minted with the stolen refresh token is dead');
  t.equal(await onProjects(victim.token), 401, 'the victim’s own access token of that session too');
  t.equal((await p.fetch('/api/auth/me', { token: thief.token })).status, 401, 'through the gateway as well');
  t.equal((await refresh(thief.refreshToken)).status, 401, 'and the thief cannot refresh');
  t.equal(await onProjects(otherSession.token), 200, 'the same user’s other session goes on');
  t.equal((await refresh(otherSession.refreshToken)).status, 200);
});

t.test('logout ends every access token of the session, not only the one in hand', async (t) => {
  const session = await login();
  const keep = await login();
  const rotated = await refresh(session.refreshToken);
  t.equal(rotated.status, 200);
  const next: Pair = (await rotated.json()).data;
  t.equal(await onProjects(session.token), 200, 'the session’s earlier access token is still valid before logout');

  t.equal((await p.fetch('/api/auth/logout', { method: 'POST', token: next.token })).status, 200);
  t.equal(await onProjects(next.token), 401, 'the token logged out with');
  t.equal(await onProjects(session.token), 401, 'the earlier token of the same session');
  t.equal(await onProjects(keep.token), 200, 'another session stays');
});

t.test('a token without the platform’s issuer or audience is refused by a service and by the gateway', async (t) => {
  const sign = (scope: { iss?: string; aud?: string }) =>
    createSigner({ key: testKeys().privateKey, algorithm: 'RS256', expiresIn: 600_000, ...scope })({ sub: '1', role: 'admin', jti: randomUUID() });
  const { issuer: iss, audience: aud } = JWT_DEFAULTS;
  t.equal(await onProjects(sign({ iss, aud })), 200, 'the right key, iss and aud: accepted');
  t.equal(await onProjects(signTestToken({ sub: '1', role: 'admin' })), 200, 'the test kit signs as auth does');
  const bad = {
    'no iss': sign({ aud }),
    'wrong iss': sign({ iss: 'another-issuer', aud }),
    'no aud': sign({ iss }),
    'wrong aud': sign({ iss, aud: 'another-api' }),
  };
  for (const [name, token] of Object.entries(bad)) {
    t.equal(await onProjects(token), 401, `${name}: the projects service refuses it`);
    const viaGateway = await p.fetch('/api/projects', { token });
    t.equal(viaGateway.status, 401, `${name}: the gateway refuses it`);
    t.equal((await viaGateway.json()).code, 401);
  }
});
