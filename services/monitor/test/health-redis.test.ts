// Redis going down and coming back, as the health view shows it: a redis-server of the test's own is the
// watched one (the monitor's own Redis must stay up: without it no token can be checked for revocation).
import t from 'tap';
import type { DashboardNodes, NodeHealth } from '@app/contracts';
import { startPrivateRedis, until } from '@app/testing';
import { ADMIN_PASSWORD, buildService, startPlatform } from '../../gateway/test/platform.js';

const watched = await startPrivateRedis(t);
const p = await startPlatform(t, { backends: [], env: { MONITOR_INTERVAL_MS: '100', HEALTH_PROBE_TIMEOUT_MS: '800' } });
const admin = await p.token('admin', ADMIN_PASSWORD);
const monitor = await buildService('monitor', p.env, { watchedRedisUrl: watched.url });
t.teardown(() => monitor.close());

async function nodes(): Promise<{ status: number; data: DashboardNodes }> {
  const res = await monitor.inject({ url: '/api/dashboard/nodes', headers: { authorization: `Bearer ${admin}` } });
  return { status: res.statusCode, data: res.json().data };
}
const item = (answer: DashboardNodes, name: string) => answer.items.find((i) => i.name === name) as NodeHealth;
/** The first answer whose round started at or after `since`. */
async function roundSince(since: Date) {
  const res = await until(nodes, (r) => r.status !== 200 || Date.parse(r.data.checkedAt) >= since.getTime(), 20_000, 'a fresh round', 50);
  return res;
}

t.test('Redis down: the view says so and keeps answering; back: up again', async (t) => {
  const before = await roundSince(new Date());
  t.match(item(before.data, 'redis'), { status: 'up', detail: /^Redis \d+/, node: new URL(watched.url).host });

  await watched.kill();
  const down = await roundSince(new Date());
  t.equal(down.status, 200, 'the monitor keeps answering');
  t.match(item(down.data, 'redis'), { kind: 'redis', status: 'down' }, 'Redis is down');
  t.ok(item(down.data, 'redis').detail, 'saying why');
  t.match(item(down.data, 'postgres'), { status: 'up' }, 'the rest is still reported');
  t.match(item(down.data, 'auth'), { status: 'up' });

  await watched.start();
  const back = await until(
    () => roundSince(new Date()),
    (r) => item(r.data, 'redis').status === 'up',
    20_000,
    'Redis reported up again',
  );
  t.match(item(back.data, 'redis'), { status: 'up', detail: /^Redis \d+/ }, 'up once it is back');
});
