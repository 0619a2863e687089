// The dashboard's 向量总数 as other services ask for it: GET /internal/vectors/summary on the real app, over a
// private database; and the repository behind it, inside a transaction too.
import t from 'tap';
import { createPrisma } from '@app/db';
import { loadConfig } from '@app/service-kit';
import { TEST_INTERNAL_TOKEN, createTestDatabase, testServiceEnv } from '@app/testing';
import { buildApp } from '../src/app.js';
import { ConfigSchema } from '../src/config.js';
import { vectorRepository } from '../src/plugins/app/vector-repository.js';

const url = await createTestDatabase(t);
const db = createPrisma(url);
t.teardown(() => db.$disconnect());
const app = await buildApp(loadConfig(ConfigSchema, { ...testServiceEnv(url, 'vectors'), SECRETS_KEY: 'k'.repeat(40), VECTOR_DATA_DIR: 'memory://' }), { logger: false });
t.teardown(() => app.close());

const summary = async (token?: string) => {
  const res = await app.inject({ url: '/internal/vectors/summary', headers: token ? { 'x-internal-token': token } : {} });
  return { status: res.statusCode, data: res.json().data };
};

t.test('no collections: zeros', async (t) => {
  t.same(await summary(TEST_INTERNAL_TOKEN), { status: 200, data: { collections: 0, totalVectors: 0 } });
});

t.test('the collections and the vectors they hold', async (t) => {
  await db.vector.createMany({ data: [{ title: 'a', docCount: 1200, status: 'ready' }, { title: 'b', docCount: 345, status: 'ready' }, { title: 'c' }] });
  t.same(await summary(TEST_INTERNAL_TOKEN), { status: 200, data: { collections: 3, totalVectors: 1545 } });
});

t.test('for services only', async (t) => {
  t.equal((await summary()).status, 403, 'no internal token');
  t.equal((await summary('wrong')).status, 403, 'a wrong one');
});

t.test('the repository reads inside a transaction what the transaction wrote', async (t) => {
  let inside;
  const rolledBack = db.$transaction(async (tx) => {
    await tx.vector.create({ data: { title: 'uncommitted', docCount: 5 } });
    inside = await vectorRepository(tx).summary();
    throw new Error('roll back');
  });
  await t.rejects(rolledBack, /roll back/);
  t.same(inside, { collections: 4, totalVectors: 1550 }, 'the transaction’s own row counted');
  t.same(await vectorRepository(db).summary(), { collections: 3, totalVectors: 1545 }, 'and gone after the rollback');
});
