// `npm run db:seed`: built-in roles, the admin account (ADMIN_PASSWORD, else a generated one shown once)
// and the default menus, into DATABASE_URL. Idempotent.
import { createPrisma } from '../index.js';
import { defaultDatabaseUrl, describeUrl } from '../migration-files.js';
import { ADMIN_USERNAME, seed } from '../seed.js';

async function main(): Promise<void> {
  const url = defaultDatabaseUrl();
  console.log(`seeding ${describeUrl(url)}`);
  const prisma = createPrisma(url);
  try {
    const result = await seed(prisma, { adminPassword: process.env.ADMIN_PASSWORD || undefined, log: (m) => console.log(m) });
    if (result.generatedPassword) {
      console.log(`\nCreated user "${ADMIN_USERNAME}" with generated password: ${result.generatedPassword}\n` +
        'It is shown only this once; change it after the first login.\n');
    }
  } finally {
    await prisma.$disconnect();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`seed failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
