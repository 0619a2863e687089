// The dashboard's searches per day (GET /internal/logs/daily) are calendar days of the platform zone
// (PLATFORM_TIMEZONE), like the generation rollup beside them: 16:00 UTC is midnight in Asia/Shanghai.
import t from 'tap';
import { TEST_INTERNAL_TOKEN } from '@app/testing';
import { buildAuth } from './helpers.js';

const SEARCHES = ['2026-03-01T15:59:00Z', '2026-03-01T16:01:00Z', '2026-03-01T23:30:00Z'];

const EXPECTED = {
  UTC: { fromThe1st: [{ date: '2026-03-01', count: 3 }], fromThe2nd: [] },
  'Asia/Shanghai': {
    fromThe1st: [{ date: '2026-03-01', count: 1 }, { date: '2026-03-02', count: 2 }],
    // `since` is the zone's day: from 16:00 UTC on the 1st on.
    fromThe2nd: [{ date: '2026-03-02', count: 2 }],
  },
} as const;

for (const zone of ['UTC', 'Asia/Shanghai'] as const) {
  t.test(`PLATFORM_TIMEZONE=${zone}`, async (t) => {
    const h = await buildAuth(t, { PLATFORM_TIMEZONE: zone });
    t.equal(h.config.PLATFORM_TIMEZONE, zone);
    const user = await h.createUser({ username: 'searcher', password: 'Searcher-pass-1', roleKey: 'user' });
    await h.app.db.systemLog.createMany({
      data: [
        ...SEARCHES.map((at) => ({ type: 'search', action: 'vector search', userId: user, createdAt: new Date(at) })),
        { type: 'search', action: 'vector search', userId: 1, createdAt: new Date('2026-03-01T17:00:00Z') },
        { type: 'operation', action: 'not a search', userId: user, createdAt: new Date('2026-03-01T17:00:00Z') },
      ],
    });
    const daily = async (query: string) => {
      const res = await h.app.inject({ url: `/internal/logs/daily?type=search&${query}`, headers: { 'x-internal-token': TEST_INTERNAL_TOKEN } });
      t.equal(res.statusCode, 200, query);
      return res.json().data.days;
    };
    t.same(await daily(`since=2026-03-01&userId=${user}`), EXPECTED[zone].fromThe1st, 'per day of the zone');
    t.same(await daily(`since=2026-03-02&userId=${user}`), EXPECTED[zone].fromThe2nd, 'since: from the zone’s midnight');
    const everyone = await daily('since=2026-03-01');
    t.equal(everyone.reduce((n: number, d: { count: number }) => n + d.count, 0), 4, 'without userId: everyone’s searches');
  });
}
