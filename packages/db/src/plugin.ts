import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type {} from '@app/service-kit'; // brings the `readiness` decorator's type
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
    app.addHook('onClose', () => db.$disconnect());
  },
  { name: 'db', dependencies: ['service-kit-health'] },
);
