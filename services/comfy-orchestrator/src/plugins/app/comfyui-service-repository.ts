import type { ComfyStatus } from '@app/contracts';
import type { ComfyuiService, Prisma, PrismaClient } from '@app/db';

/** An instance with a process (or about to have one, or losing it). */
export const ACTIVE: ComfyStatus[] = ['starting', 'running', 'stopping'];
/** Active, or crashed and waiting for its restart: what a stop or a shutdown must still reach. */
const LIVE: ComfyStatus[] = [...ACTIVE, 'crashed'];

/** xl_comfyui_services: one row per instance, the truth every replica and every restart reads. Pass a transaction client to work inside one. */
export function comfyuiServiceRepository(db: PrismaClient | Prisma.TransactionClient) {
  return {
    find: (serviceId: string) => db.comfyuiService.findUnique({ where: { serviceId } }),

    status: async (serviceId: string) => (await db.comfyuiService.findUnique({ where: { serviceId }, select: { status: true } }))?.status,

    /** A page of instances (of one user, in one status, of one project, or all), newest first, and how many match. */
    page(q: { userId?: number; status?: string; projectId?: number; skip: number; take: number }): Promise<[ComfyuiService[], number]> {
      const where = {
        ...(q.userId !== undefined ? { userId: q.userId } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.projectId ? { projectId: q.projectId } : {}),
      };
      return Promise.all([db.comfyuiService.findMany({ where, orderBy: { createdAt: 'desc' }, skip: q.skip, take: q.take }), db.comfyuiService.count({ where })]);
    },

    /** Every instance of these projects, newest first. */
    ofProjects: (projectIds: number[]) => db.comfyuiService.findMany({ where: { projectId: { in: projectIds } }, orderBy: { createdAt: 'desc' } }),

    /** Running instances: of one user, or all. */
    countRunning: (userId?: number) => db.comfyuiService.count({ where: { status: 'running', ...(userId ? { userId } : {}) } }),

    /** The ports active instances hold. */
    portsInUse: async () => (await db.comfyuiService.findMany({ where: { status: { in: ACTIVE } }, select: { port: true } })).flatMap((r) => (r.port ? [r.port] : [])),

    /** The project's newest live instance, or null. */
    liveOf: (projectId: number) => db.comfyuiService.findFirst({ where: { projectId, status: { in: LIVE } }, orderBy: { createdAt: 'desc' } }),

    /** Every live instance: of one project, or all. */
    live: (projectId?: number) => db.comfyuiService.findMany({ where: { ...(projectId !== undefined ? { projectId } : {}), status: { in: LIVE } } }),

    running: () => db.comfyuiService.findMany({ where: { status: 'running' } }),

    create: (data: { projectId: number; userId: number; gpu: string | null }) => db.comfyuiService.create({ data: { ...data, status: 'starting' } }),

    update: (serviceId: string, data: Partial<ComfyuiService>) => db.comfyuiService.update({ where: { serviceId }, data }),
  };
}
export type ComfyuiServiceRepository = ReturnType<typeof comfyuiServiceRepository>;
