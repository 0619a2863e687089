// `npm run stats:rebuild-rollup`: recounts xl_generation_daily from the raw logs with the days of
// PLATFORM_TIMEZONE, in one transaction. Run it after changing the zone; running it twice changes nothing.
import { Type } from 'typebox';
import { createPrisma } from '@app/db';
import { CalendarConfig, ConfigError, DatabaseConfig, loadConfig } from '@app/service-kit/config';
import { generationDailyRepository } from '../plugins/app/generation-daily-repository.js';

let config;
try {
  config = loadConfig(Type.Object({ ...DatabaseConfig, ...CalendarConfig }));
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`stats:rebuild-rollup: ${err.message}\n`);
  process.exit(1);
}
const zone = config.PLATFORM_TIMEZONE;
const db = createPrisma(config.DATABASE_URL);
try {
  const started = performance.now();
  const { rows, logs } = await generationDailyRepository(db).rebuild(zone);
  console.log(`xl_generation_daily rebuilt in ${zone}: ${rows} rows from ${logs} logs (${Math.round(performance.now() - started)} ms)`);
} catch (err) {
  process.stderr.write(`stats:rebuild-rollup failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
