import t from 'tap';
import { CHANNELS } from '@app/contracts';
import { closeRedis, createRedis } from '@app/service-kit';
import { testRedisUrl } from '@app/testing';
import { ADMIN_PASSWORD, buildAuth, within } from './helpers.js';
import { formatIpRange, parseIpRange, rangeContains } from '../src/plugins/app/settings/ip-rules.js';

t.test('parses and normalises addresses and ranges strictly', async (t) => {
  const norm = (s: string) => {
    const r = parseIpRange(s);
    return r && formatIpRange(r);
  };
  t.equal(norm('10.1.2.3/8'), '10.0.0.0/8');
  t.equal(norm('192.168.1.77/24'), '192.168.1.0/24');
  t.equal(norm('1.2.3.4/32'), '1.2.3.4');
  t.equal(norm(' 1.2.3.4 '), '1.2.3.4');
  t.equal(norm('0.0.0.0/0'), '0.0.0.0/0');
  t.equal(norm('2001:DB8:0:0::1'), '2001:db8::1');
  t.equal(norm('2001:db8:abcd:1234::1/32'), '2001:db8::/32');
  t.equal(norm('::ffff:10.0.0.1'), '10.0.0.1', 'IPv4-mapped IPv6 is the IPv4 address');
  t.equal(norm('fe80::1/10'), 'fe80::/10');
  for (const bad of ['', '1.2.3', '256.1.1.1', '01.2.3.4', '1.2.3.4/33', '1.2.3.4/-1', '1.2.3.4/', '1.2.3.4/8/8', '1.2.3.4/0x8', '::1/129', 'fe80::1%eth0', 'localhost', '1::2::3']) {
    t.equal(parseIpRange(bad), null, `refuses ${JSON.stringify(bad)}`);
  }
  t.ok(rangeContains(parseIpRange('10.0.0.0/8')!, parseIpRange('10.200.3.4')!));
  t.notOk(rangeContains(parseIpRange('10.0.0.0/8')!, parseIpRange('11.0.0.1')!));
  t.ok(rangeContains(parseIpRange('127.0.0.0/8')!, parseIpRange('::ffff:127.0.0.1')!));
  t.notOk(rangeContains(parseIpRange('::/0')!, parseIpRange('127.0.0.1')!), 'families do not mix');
});

t.test('IP security', async (t) => {
  const h = await buildAuth(t);
  const { token } = await h.login('admin', ADMIN_PASSWORD);
  const api = h.api(token);
  const internal = (headers: Record<string, string> = { 'x-internal-token': h.config.INTERNAL_TOKEN }) =>
    h.app.inject({ url: '/internal/ip-rules', headers });
  const activeBans = async () => ((await internal()).json().data.rules as { ipOrCidr: string }[]).map((r) => r.ipOrCidr);

  const events = createRedis(testRedisUrl());
  t.teardown(() => closeRedis(events));
  let published = 0;
  await events.subscribe(`${h.config.REDIS_KEY_PREFIX}${CHANNELS.ipRulesChanged}`);
  events.on('message', () => published++);

  let rangeId = 0;
  t.test('bans an address and a range, normalised', async (t) => {
    const before = published;
    const one = await api('POST', '/api/settings/ips', { ipOrCidr: '203.0.113.7', reason: '撞库' });
    t.equal(one.statusCode, 201);
    t.match(one.json(), { code: 201, data: { ipOrCidr: '203.0.113.7', status: 'banned', reason: '撞库', expireAt: null, expired: false, createdBy: Number } });
    t.ok(await within(1000, () => published > before), 'ipRulesChanged published');

    const range = await api('POST', '/api/settings/ips', { ipOrCidr: '10.1.2.3/8', expireAt: new Date(Date.now() + 3_600_000).toISOString() });
    t.equal(range.statusCode, 201);
    t.equal(range.json().data.ipOrCidr, '10.0.0.0/8');
    rangeId = range.json().data.id;

    const v6 = await api('POST', '/api/settings/ips', { ipOrCidr: '2001:DB8::/32', status: 'banned' });
    t.equal(v6.json().data.ipOrCidr, '2001:db8::/32');
    t.same((await activeBans()).sort(), ['10.0.0.0/8', '2001:db8::/32', '203.0.113.7']);
  });

  t.test('refuses malformed, duplicate and past rules', async (t) => {
    for (const ipOrCidr of ['10.0.0.0/33', '1.2.3', '999.1.1.1', 'example.com', '10.0.0.0/8/1']) {
      const res = await api('POST', '/api/settings/ips', { ipOrCidr });
      t.equal(res.statusCode, 400, ipOrCidr);
      t.match(res.json().msg, 'ipOrCidr');
    }
    t.equal((await api('POST', '/api/settings/ips', {})).statusCode, 400);
    const dup = await api('POST', '/api/settings/ips', { ipOrCidr: '10.9.9.9/8' });
    t.equal(dup.statusCode, 409, 'same network after normalisation');
    t.equal((await api('POST', '/api/settings/ips', { ipOrCidr: '203.0.113.7/32' })).statusCode, 409);
    const past = await api('POST', '/api/settings/ips', { ipOrCidr: '198.51.100.1', expireAt: '2000-01-01T00:00:00Z' });
    t.equal(past.statusCode, 400);
    t.match(past.json().msg, 'expireAt');
    t.equal((await api('POST', '/api/settings/ips', { ipOrCidr: '198.51.100.1', expireAt: 'tomorrow' })).statusCode, 400);
    t.equal((await api('POST', '/api/settings/ips', { ipOrCidr: '198.51.100.1', status: 'maybe' })).statusCode, 400);
  });

  t.test("refuses to ban the requester's own address", async (t) => {
    for (const ipOrCidr of ['127.0.0.1', '127.0.0.0/8', '::ffff:127.0.0.1', '0.0.0.0/0']) {
      const res = await api('POST', '/api/settings/ips', { ipOrCidr });
      t.equal(res.statusCode, 400, ipOrCidr);
      t.match(res.json().msg, '不能封禁自己的 IP');
    }
    const fromElsewhere = await h.app.inject({
      method: 'POST', url: '/api/settings/ips', payload: { ipOrCidr: '192.0.2.0/24' }, headers: h.bearer(token), remoteAddress: '192.0.2.50',
    });
    t.equal(fromElsewhere.statusCode, 400, 'the range holding the caller');

    // an allow entry for oneself is fine, banning it later is not
    const allowed = await api('POST', '/api/settings/ips', { ipOrCidr: '127.0.0.1', status: 'allowed' });
    t.equal(allowed.statusCode, 201);
    const ban = await api('PUT', `/api/settings/ips/${allowed.json().data.id}/status`, { status: 'banned' });
    t.equal(ban.statusCode, 400);
    t.notOk((await activeBans()).includes('127.0.0.1'));
  });

  t.test('unbans and bans again; the gateway list follows', async (t) => {
    const before = published;
    const unban = await api('PUT', `/api/settings/ips/${rangeId}/status`, { status: 'allowed' });
    t.equal(unban.statusCode, 200);
    t.equal(unban.json().data.status, 'allowed');
    t.ok(await within(1000, () => published > before), 'published on unban');
    t.notOk((await activeBans()).includes('10.0.0.0/8'));

    const reban = await api('PUT', `/api/settings/ips/${rangeId}/status`, { status: 'banned' });
    t.equal(reban.statusCode, 200);
    t.ok(await within(1000, () => published > before + 1), 'published on ban');
    t.ok((await activeBans()).includes('10.0.0.0/8'));

    t.equal((await api('PUT', '/api/settings/ips/999999/status', { status: 'banned' })).statusCode, 404);
    t.equal((await api('PUT', `/api/settings/ips/${rangeId}/status`, { status: 'gone' })).statusCode, 400);
    const actions = (await h.app.db.systemLog.findMany({ where: { action: { startsWith: 'IP_' } } })).map((l) => l.action);
    t.ok(actions.includes('IP_BAN') && actions.includes('IP_UNBAN'));
  });

  t.test('expired bans leave the gateway list', async (t) => {
    await h.app.db.ipSecurity.update({ where: { id: rangeId }, data: { expireAt: new Date(Date.now() - 1000) } });
    t.notOk((await activeBans()).includes('10.0.0.0/8'));
    const listed = (await api('GET', '/api/settings/ips?keyword=10.0')).json().data.records[0];
    t.match(listed, { ipOrCidr: '10.0.0.0/8', status: 'banned', expired: true });
  });

  t.test('/internal/ip-rules needs the internal token', async (t) => {
    t.equal((await internal({})).statusCode, 403);
    t.equal((await internal({ 'x-internal-token': 'wrong-token-wrong-token-000000000' })).statusCode, 403);
    t.equal((await internal({ authorization: `Bearer ${token}` })).statusCode, 403, 'an admin token is not enough');
    const res = await internal();
    t.equal(res.statusCode, 200);
    t.match(res.json().data.rules[0], { ipOrCidr: String, expireAt: null });
  });

  t.test('lists with pagination and filters', async (t) => {
    const all = await api('GET', '/api/settings/ips?current=1&size=2');
    t.equal(all.statusCode, 200);
    t.match(all.json().data, { total: 4, current: 1, size: 2 });
    t.equal(all.json().data.records.length, 2);
    const allowed = (await api('GET', '/api/settings/ips?status=allowed')).json().data;
    t.same(allowed.records.map((r: { ipOrCidr: string }) => r.ipOrCidr), ['127.0.0.1']);
    t.equal((await api('GET', '/api/settings/ips?keyword=撞库')).json().data.total, 1, 'keyword matches the reason too');
    t.equal((await api('GET', '/api/settings/ips?status=odd')).statusCode, 400);
  });

  t.test('needs system:security', async (t) => {
    await h.createUser({ username: 'ip-editor', password: 'Editor-pass-1', roleKey: 'editor' });
    const editor = (await h.login('ip-editor', 'Editor-pass-1')).token;
    t.equal((await api('GET', '/api/settings/ips', undefined, editor)).statusCode, 403);
    t.equal((await api('POST', '/api/settings/ips', { ipOrCidr: '198.51.100.9' }, editor)).statusCode, 403);
    t.equal((await api('PUT', `/api/settings/ips/${rangeId}/status`, { status: 'allowed' }, editor)).statusCode, 403);
  });
});
