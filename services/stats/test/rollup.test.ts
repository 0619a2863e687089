// The rollup is exact: after any mix of inserts, completions, duplicates and late arrivals, in any batch
// shape, xl_generation_daily equals a GROUP BY over the raw logs.
import t, { type Test } from 'tap';
import { createPrisma } from '@app/db';
import { createTestDatabase, seededRandom } from '@app/testing';
import { ingest, type GenerationStatus, type LogItem } from '../src/plugins/app/ingest.js';

const db = createPrisma(await createTestDatabase(t));
t.teardown(() => db.$disconnect());

async function compare(t: Test) {
  const raw = await db.$queryRawUnsafe<{ k: string; total: number; success: number; failed: number }[]>(
    `SELECT to_char(("timestamp" AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') || '/' || project_id || '/' || user_id AS k,
            count(*)::int AS total, count(*) FILTER (WHERE status = 'success')::int AS success, count(*) FILTER (WHERE status = 'failed')::int AS failed
       FROM xl_generation_logs GROUP BY 1 ORDER BY 1`,
  );
  const rolled = await db.$queryRawUnsafe<typeof raw>(
    `SELECT to_char(day, 'YYYY-MM-DD') || '/' || project_id || '/' || user_id AS k, total, success, failed
       FROM xl_generation_daily WHERE total > 0 OR success > 0 OR failed > 0 ORDER BY 1`,
  );
  t.same(rolled, raw, 'rollup = GROUP BY of the raw logs');
}

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
      batch.push({
        key: base?.key ?? `k-${round}-${i}`,
        userId: base?.userId ?? 1 + Math.floor(random() * 4),
        projectId: base?.projectId ?? 1 + Math.floor(random() * 5),
        status,
        // prompts that start just before midnight end just after it: counted on the day they started
        timestamp: base?.timestamp ?? new Date(Date.UTC(2026, 10, 1 + Math.floor(random() * 10), 23, 59, Math.floor(random() * 60))),
        durationMs: status === 'running' ? null : Math.floor(random() * 10_000),
      });
    }
    sent.push(...batch);
    // Sometimes the same batch arrives twice (a client retry).
    await ingest(db, batch);
    if (random() < 0.2) await ingest(db, batch);
  }
  await compare(t);
});

t.test('concurrent batches keep it exact too', async (t) => {
  const batches = Array.from({ length: 8 }, (_, b) =>
    Array.from({ length: 50 }, (_, i): LogItem => ({
      key: `c-${b}-${i}`,
      userId: 1 + (i % 3),
      projectId: 1 + (b % 2),
      status: i % 3 === 0 ? 'failed' : 'success',
      timestamp: new Date(Date.UTC(2026, 10, 15, i % 24)),
    })),
  );
  await Promise.all(batches.map((b) => ingest(db, b)));
  await compare(t);
});
