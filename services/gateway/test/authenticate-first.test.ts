// The token is checked before the body is read, at the gateway and in each service (the guard is shared):
// an anonymous caller gets 401 whatever it sends, a caller with a token learns what is wrong with the body.
import t from 'tap';
import { ADMIN_PASSWORD, startPlatform } from './platform.js';

/** Bodies of a POST /api/settings/users that no schema accepts; the last is big but under the 1 MiB limit. */
const BODIES: { name: string; contentType: string; body: string }[] = [
  { name: 'an empty JSON body', contentType: 'application/json', body: '' },
  { name: 'invalid JSON', contentType: 'application/json', body: '{"username": "eve", ' },
  { name: 'a JSON array', contentType: 'application/json', body: '[1, 2, 3]' },
  { name: 'a text/plain body', contentType: 'text/plain', body: 'username=eve' },
  { name: 'an unknown content-type', contentType: 'application/x-www-form-urlencoded', body: 'username=eve' },
  { name: 'a 900 kB JSON body', contentType: 'application/json', body: JSON.stringify({ username: 'eve', pad: 'x'.repeat(900_000) }) },
];

t.test('anonymous → 401 whatever the body; viewer → 403; admin → 400, through the gateway and at the service', async (t) => {
  const p = await startPlatform(t, { backends: [] });
  const admin = await p.token('admin', ADMIN_PASSWORD);
  await p.createUser('vic', 'viewer');
  const viewer = await p.token('vic', 'vic-Pass-123');
  const targets = { gateway: p.url, auth: p.env.AUTH_URL };

  for (const [where, base] of Object.entries(targets)) {
    for (const { name, contentType, body } of BODIES) {
      const send = (token?: string) =>
        fetch(`${base}/api/settings/users`, {
          method: 'POST',
          headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body,
        });
      const anonymous = await send();
      t.equal(anonymous.status, 401, `${where}, anonymous, ${name}`);
      t.match(await anonymous.json(), { code: 401, errorKey: 'KIT_UNAUTHORIZED', data: null });
      const denied = await send(viewer);
      t.equal(denied.status, 403, `${where}, viewer, ${name}: the permission is checked before the body too`);
      t.match(await denied.json(), { code: 403, errorKey: 'KIT_FORBIDDEN' });
      const malformed = await send(admin);
      t.equal(malformed.status, 400, `${where}, admin, ${name}`);
      t.equal((await malformed.json()).code, 400);
    }
    const revoked = await fetch(`${base}/api/settings/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token' },
      body: '',
    });
    t.equal(revoked.status, 401, `${where}: a bad token with an empty body is 401 as well`);
  }

  // What still needs the identity after the check: the handler and the audit (onResponse) at the gateway.
  const created = await p.fetch('/api/settings/users', {
    method: 'POST',
    token: admin,
    body: JSON.stringify({ username: 'erin', password: 'Erin-secret-99', email: 'erin@example.com', roleKey: 'viewer' }),
  });
  t.equal(created.status, 201, 'a well-formed request with a token goes through');
});
