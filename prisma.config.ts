// Prisma 7 configuration: the schema, its migrations and the database URL (no longer in schema.prisma).
// The fallback URL only lets `prisma generate` run without env; nothing connects at generate time.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
});
