import { Prisma, type IpSecurity, type PrismaClient } from '@app/db';
import { ConflictError, NotFoundError } from '@app/service-kit';
import type { IpStatus } from '../../schemas/settings.js';

/** xl_ip_security. Callers publish `ipRulesChanged` after each write so every gateway reloads. Pass a transaction client to work inside one. */
export function ipRuleRepository(db: PrismaClient | Prisma.TransactionClient) {
  return {
    async get(id: number): Promise<IpSecurity> {
      const rule = await db.ipSecurity.findUnique({ where: { id } });
      if (!rule) throw new NotFoundError('IP 规则不存在');
      return rule;
    },

    async page(filter: { status?: IpStatus; keyword?: string }, page: { skip: number; take: number }) {
      const where: Prisma.IpSecurityWhereInput = {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.keyword
          ? { OR: [{ ipOrCidr: { contains: filter.keyword, mode: 'insensitive' } }, { reason: { contains: filter.keyword, mode: 'insensitive' } }] }
          : {}),
      };
      const [rows, total] = await Promise.all([
        db.ipSecurity.findMany({ where, orderBy: { id: 'desc' }, skip: page.skip, take: page.take }),
        db.ipSecurity.count({ where }),
      ]);
      return { rows, total };
    },

    /** One rule per address or range: a second is a 409, also when two requests add it at once. */
    async create(data: { ipOrCidr: string; status: IpStatus; reason: string | null; expireAt: Date | null; createdBy: number | null }) {
      if (await db.ipSecurity.findUnique({ where: { ipOrCidr: data.ipOrCidr } })) throw new ConflictError('该 IP 规则已存在');
      try {
        return await db.ipSecurity.create({ data });
      } catch (err) {
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw new ConflictError('该 IP 规则已存在');
        throw err;
      }
    },

    setStatus: (id: number, status: IpStatus) => db.ipSecurity.update({ where: { id }, data: { status } }),

    /** What the gateways enforce: banned and not yet expired. */
    activeBans: (now = new Date()) =>
      db.ipSecurity.findMany({
        where: { status: 'banned', OR: [{ expireAt: null }, { expireAt: { gt: now } }] },
        select: { ipOrCidr: true, expireAt: true },
        orderBy: { id: 'asc' },
      }),
  };
}
export type IpRuleRepository = ReturnType<typeof ipRuleRepository>;
