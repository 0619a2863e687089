// The rollup is exact: after any mix of inserts, completions, duplicates and late arrivals, in any batch
// shape, xl_generation_daily equals a GROUP BY over the raw logs by calendar day of the platform zone. In
// UTC, in a whole-hour zone east of it (Asia/Shanghai, +08:00) and in a half-hour one (Asia/Kolkata, +05:30).
import t, { type Test } from 'tap';
import { createPrisma, type PrismaClient } from '@app/db';
import { addDays, startOfDay } from '@app/service-kit';
import { createTestDatabase, seededRandom } from '@app/testing';
import { generationDailyRepository } from '../src/plugins/app/generation-daily-repository.js';
import { generationLogRepository, type GenerationStatus, type LogItem } from '../src/plugins/app/generation-log-repository.js';

const ZONES = ['UTC', 'Asia/Shanghai', 'Asia/Kolkata'];

async function compare(t: Test, db: PrismaClient, zone: string) {
  const raw = await db.$queryRawUnsafe<{ k: string; total: number; success: number; failed: number }[]>(
    `SELECT to_char(("timestamp" AT TIME ZONE $1::text)::date, 'YYYY-MM-DD') || '/' || project_id || '/' || user_id AS k,
            count(*)::int AS total, count(*) FILTER (WHERE status = 'success')::int AS success, count(*) FILTER (WHERE status = 'failed')::int AS failed
       FROM xl_generation_logs GROUP BY 1 ORDER BY 1`,
    zone,
  );
  const rolled = () =>
    db.$queryRawUnsafe<typeof raw>(
      `SELECT to_char(day, 'YYYY-MM-DD') || '/' || project_id || '/' || user_id AS k, total, success, failed
         FROM xl_generation_daily WHERE total > 0 OR success > 0 OR failed > 0 ORDER BY 1`,
    );
  t.same(await rolled(), raw, `rollup = GROUP BY of the raw logs by day in ${zone}`);
  // The recount after a zone change counts the same way: on an exact rollup it changes nothing.
  await generationDailyRepository(db).rebuild(zone);
  t.same(await rolled(), raw, 'and a rebuild in the same zone leaves it as it was');
}

for (const zone of ZONES) {
  t.test(zone, async (t) => {
    const db = createPrisma(await createTestDatabase(t));
    const logs = generationLogRepository(db);
    t.teardown(() => db.$disconnect());

    t.test('random batches: inserts, completions, duplicates, late and out-of-order arrivals', async (t) => {
      const seed = Number(process.env.ROLLUP_SEED ?? Date.now() % 1_000_000);
      t.comment(`seed ${seed} (ROLLUP_SEED=${seed} replays it)`);
      const random = seededRandom(seed);
      const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
      const sent: LogItem[] = [];
      for (let round = 0; round < 40; round++) {
        const batch: LogItem[] = [];
        const size = 1 + Math.floor(random() * 60);
        for (let i = 0; i < size; i++) {
          const reuse = sent.length > 0 && random() < 0.35;
          const base = reuse ? pick(sent) : null;
          const status: GenerationStatus = pick(['running', 'running', 'success', 'failed']);
          // Within a minute either side of the zone's midnight: prompts that start just before it end just
          // after it, and are counted on the day they started.
          const midnight = startOfDay(addDays('2026-11-01', Math.floor(random() * 10)), zone).getTime();
          batch.push({
            key: base?.key ?? `k-${round}-${i}`,
            userId: base?.userId ?? 1 + Math.floor(random() * 4),
            projectId: base?.projectId ?? 1 + Math.floor(random() * 5),
            status,
            timestamp: base?.timestamp ?? new Date(midnight + Math.floor((random() - 0.5) * 120_000)),
            durationMs: status === 'running' ? null : Math.floor(random() * 10_000),
          });
        }
        sent.push(...batch);
        // Sometimes the same batch arrives twice (a client retry).
        await logs.ingest(batch, zone);
        if (random() < 0.2) await logs.ingest(batch, zone);
      }
      await compare(t, db, zone);
    });

    t.test('concurrent batches keep it exact too', async (t) => {
      const batches = Array.from({ length: 8 }, (_, b) =>
        Array.from({ length: 50 }, (_, i): LogItem => ({
          key: `c-${b}-${i}`,
          userId: 1 + (i % 3),
          projectId: 1 + (b % 2),
          status: i % 3 === 0 ? 'failed' : 'success',
          timestamp: new Date(Date.UTC(2026, 10, 15, i % 24, 30)),
        })),
      );
      await Promise.all(batches.map((b) => logs.ingest(b, zone)));
      await compare(t, db, zone);
    });
  });
}
