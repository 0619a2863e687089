import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { outageLog } from '@app/service-kit';
import { createPrisma, type PrismaClient } from './index.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: PrismaClient;
  }
}

/** The service's Prisma client: reported by /readyz, disconnected on shutdown. */
export const dbPlugin = fp(
  async (app: FastifyInstance, opts: { url: string }) => {
    const db = createPrisma(opts.url);
    app.decorate('db', db);
    app.readiness.add('postgres', () => db.$queryRaw`SELECT 1`);
    // While PostgreSQL is down requests answer 503 (the kit's error handler); this tells when it is back.
    const removeProbe = outageLog(app.log, 'postgres').setProbe(() => db.$queryRaw`SELECT 1`);
    app.addHook('onClose', async () => {
      removeProbe();
      await db.$disconnect();
    });
  },
  { name: 'db', dependencies: ['service-kit-health'] },
);
