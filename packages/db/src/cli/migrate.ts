// `npm run db:migrate`: applies pending prisma/migrations to DATABASE_URL (offline `prisma migrate deploy`).
import { defaultDatabaseUrl, describeUrl } from '../migration-files.js';
import { migrate } from '../migrate.js';

const url = defaultDatabaseUrl();
console.log(`migrating ${describeUrl(url)}`);
migrate(url, { log: (message) => console.log(message) }).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`migrate failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
