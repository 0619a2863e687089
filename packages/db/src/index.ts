// The platform's Prisma client: the generated client (WASM query compiler) over node-postgres.
// Run `npm run db:generate` after changing prisma/schema.prisma.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.js';

// PrismaClient, the Prisma namespace and the model types (User, Role, Menu, …).
export * from './generated/prisma/client.js';

/** A client for `databaseUrl`; call `$disconnect()` on shutdown (it closes the pg pool). */
export function createPrisma(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}
