// `npm run vectors:rotate-secrets`: re-seals every stored source-database password under SECRETS_KEY, opening
// those the old key sealed with SECRETS_KEY_PREVIOUS (README, "Rotating SECRETS_KEY"). Running it again
// changes nothing. A password neither key opens is named and left as is, and the command exits 1.
import { Type } from 'typebox';
import { createPrisma } from '@app/db';
import { ConfigError, DatabaseConfig, loadConfig } from '@app/service-kit/config';
import { ConfigSchema } from '../config.js';
import { connectionRepository } from '../plugins/app/connection-repository.js';
import { secretBox } from '../plugins/app/secret-box.js';

const NAME = 'vectors:rotate-secrets';
let config;
try {
  const { SECRETS_KEY, SECRETS_KEY_PREVIOUS } = ConfigSchema.properties;
  config = loadConfig(Type.Object({ ...DatabaseConfig, SECRETS_KEY, SECRETS_KEY_PREVIOUS }));
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${NAME}: ${err.message}\n`);
  process.exit(1);
}
const secrets = secretBox(config.SECRETS_KEY, config.SECRETS_KEY_PREVIOUS);
const db = createPrisma(config.DATABASE_URL);
const connections = connectionRepository(db);
try {
  const counts = { resealed: 0, current: 0, savedMeanwhile: 0, unreadable: 0 };
  for (const c of await connections.sealed()) {
    const outcome = secrets.reseal(c.passwordEncrypted);
    if (outcome.status === 'resealed') {
      // A password saved through the console since it was read is sealed with the current key already.
      if (await connections.replaceSealed(c.id, c.passwordEncrypted, outcome.sealed)) counts.resealed += 1;
      else counts.savedMeanwhile += 1;
    } else if (outcome.status === 'current') counts.current += 1;
    else {
      counts.unreadable += 1;
      process.stderr.write(`${NAME}: connection ${c.id} (${c.name}): neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS opens its password; left as is, save it again\n`);
    }
  }
  console.log(
    `${NAME}: ${counts.resealed} re-sealed, ${counts.current} already under SECRETS_KEY, ${counts.unreadable} unreadable` +
      (counts.savedMeanwhile ? `, ${counts.savedMeanwhile} saved again meanwhile` : ''),
  );
  if (counts.unreadable > 0) process.exitCode = 1;
} catch (err) {
  process.stderr.write(`${NAME} failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
