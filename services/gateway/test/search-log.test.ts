// Every search through the gateway is a system log of type `search` (issue 15 item 1), and the dashboard's
// daily count reads them: the whole path with the real gateway, auth, vectors and stats, and a collection
// built from the real MariaDB.
import t from 'tap';
import { until } from '@app/testing';
import { builtCollection, caller } from './collection-fixture.js';
import { ADMIN_PASSWORD, startPlatform } from './platform.js';

const p = await startPlatform(t, { backends: ['vectors', 'stats'] });
const admin = await p.token('admin', ADMIN_PASSWORD);
const call = caller(p, admin);

t.test('searches are logged as type search and counted on the dashboard', async (t) => {
  const { collectionId } = await builtCollection(t, call, 'logged');

  for (const type of ['vector', 'keyword']) {
    const res = await call('POST', '/api/search/vector', { vectorId: collectionId, query: 'redis queues', type, topK: 1 });
    t.equal(res.status, 200);
    t.equal(res.body.data.results[0].id, '2', `${type} search through the gateway`);
  }
  const logs = await until(() => p.auth.db.systemLog.findMany({ where: { type: 'search' } }), (rows) => rows.length === 2, 10_000, 'two search logs');
  t.same(logs.map((l) => l.action), ['VECTOR_SEARCH', 'VECTOR_SEARCH']);
  t.match(logs[0], { username: 'admin', status: 200, detail: { body: { query: 'redis queues' } } });
  t.equal(await p.auth.db.systemLog.count({ where: { type: 'operation', action: { contains: '/api/search' } } }), 0, 'not also as an operation');
  const dashboard = await call('GET', '/api/dashboard/stats');
  t.equal(dashboard.body.data.dailyQueries, 2, "today's searches on the dashboard");
});
