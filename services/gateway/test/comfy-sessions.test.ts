// A ComfyUI browser session belongs to the login it was opened from: logging out, or a stolen refresh token
// being reused, ends it at once, while the same user's other logins keep theirs (issue 9, item 7).
import t from 'tap';
import { createProject, openRunning, startComfyPlatform, type ComfyPlatform } from '../../projects/test/comfy-platform.js';

t.test('ComfyUI sessions end with their login session', async (t) => {
  const p: ComfyPlatform = await startComfyPlatform(t);
  await p.createUser('carol', 'user');
  const signIn = async () => {
    const res = await p.login('carol', 'carol-Pass-123');
    if (res.status !== 200) throw new Error(`login: ${res.status}`);
    return (await res.json()).data as { token: string; refreshToken: string };
  };
  const first = await signIn();
  const projectId = await createProject(p, first.token, 'SESS-1');
  const { service } = await openRunning(p, first.token, projectId);
  const page = `/comfy/${service.serviceId}/`;

  /** open_comfy with this login's token, then the ticket exchanged as a new tab does: the session cookie. */
  const browserSession = async (token: string) => {
    const open = await p.fetch(`/api/projects/${projectId}/open_comfy`, { method: 'POST', token });
    const res = await p.comfyFetch((await open.json()).data.url, { redirect: 'manual' });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('xl_comfy='));
    if (res.status !== 302 || !cookie) throw new Error(`ticket: ${res.status}`);
    return cookie.split(';')[0];
  };
  const status = async (cookie: string) => {
    const res = await p.comfyFetch(page, { headers: { cookie } });
    await res.body?.cancel();
    return res.status;
  };

  const second = await signIn();
  const third = await signIn();
  const [ofFirst, ofSecond, ofThird] = [await browserSession(first.token), await browserSession(second.token), await browserSession(third.token)];
  t.same([await status(ofFirst), await status(ofSecond), await status(ofThird)], [200, 200, 200], 'three logins, three open ComfyUI tabs');

  await t.test('logout ends the ComfyUI tab opened from that login, not the others', async (t) => {
    t.equal((await p.fetch('/api/auth/logout', { method: 'POST', token: first.token })).status, 200);
    t.equal(await status(ofFirst), 401, 'the tab of the login that logged out');
    t.equal(await status(ofSecond), 200, 'another login’s tab goes on');
  });

  await t.test('a reused refresh token ends the ComfyUI tab of its session', async (t) => {
    const rotated = await p.fetch('/api/auth/refresh', { method: 'POST', body: JSON.stringify({ refreshToken: second.refreshToken }) });
    t.equal(rotated.status, 200, 'the legitimate refresh');
    const reused = await p.fetch('/api/auth/refresh', { method: 'POST', body: JSON.stringify({ refreshToken: second.refreshToken }) });
    t.equal(reused.status, 401, 'the copy presented again');
    t.equal(await status(ofSecond), 401, 'the ComfyUI tab of that session is closed to it');
    t.equal(await status(ofThird), 200, 'the user’s other login keeps its tab');
  });
});
