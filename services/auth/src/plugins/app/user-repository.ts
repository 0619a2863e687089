import { Prisma, type PrismaClient, type User } from '@app/db';
import { hashPassword, verifyPassword } from '@app/service-kit';
import { EmailTakenError, UserNotFoundError, UsernameTakenError } from '../../errors.js';

/** Every column but the password hash: what answers about a user are built from, so none can carry it. */
const USER_COLUMNS = {
  id: true,
  username: true,
  nickname: true,
  email: true,
  phone: true,
  avatar: true,
  gender: true,
  age: true,
  roleKey: true,
  status: true,
  lastLoginTime: true,
  createdBy: true,
  updatedBy: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.UserSelect;
export type ManagedUser = Prisma.UserGetPayload<{ select: typeof USER_COLUMNS }>;

/** The settings list's filters; the `…Contains` ones ignore case (the phone's has none). */
export interface UserFilter {
  id?: number;
  usernameContains?: string;
  status?: number;
  roleKey?: string;
  gender?: string;
  phoneContains?: string;
  emailContains?: string;
}

/** Columns an update may write; the ones left undefined keep their value. */
export interface UserChanges {
  email?: string | null;
  nickname?: string | null;
  phone?: string | null;
  roleKey?: string;
  status?: number;
  gender?: string | null;
  age?: number | null;
  avatar?: string | null;
  passwordHash?: string;
  updatedBy?: string | null;
}

// A real hash of a random password: failed look-ups spend the same time as wrong passwords.
const DUMMY_HASH = hashPassword(`dummy-${Math.random()}`);

const contains = (value: string) => ({ contains: value, mode: 'insensitive' as const });

/** A write that may hit a unique column: two requests taking the same name at once, the index decides, the loser gets a 409. */
async function uniqueChecked<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      throw JSON.stringify(err.meta ?? {}).includes('email') ? new EmailTakenError('邮箱已被使用') : new UsernameTakenError();
    }
    throw err;
  }
}

/**
 * xl_users. Deleted users (soft delete) are found only by `usernameOf` and `names` (their logs still name them)
 * and still hold their username and e-mail (both columns are unique). Pass a transaction client to work inside one.
 */
export function userRepository(db: PrismaClient | Prisma.TransactionClient) {
  /** Usernames stay taken after a soft delete; e-mails too. */
  async function assertFree(username: string | undefined, email: string | null | undefined, exceptId?: number) {
    const not = exceptId ? { NOT: { id: exceptId } } : {};
    if (username && (await db.user.findFirst({ where: { username, ...not }, select: { id: true } }))) throw new UsernameTakenError();
    if (email && (await db.user.findFirst({ where: { email, ...not }, select: { id: true } }))) throw new EmailTakenError('邮箱已被使用');
  }

  return {
    /** The whole row (hash included, for password checks) of a user who is not deleted, or null. */
    findActive: (id: number) => db.user.findFirst({ where: { id, isDeleted: false } }),

    /** The user when `password` is theirs; otherwise null, after the same amount of work. */
    async checkCredentials(username: string, password: string): Promise<User | null> {
      const user = await db.user.findFirst({ where: { username, isDeleted: false } });
      const ok = await verifyPassword(user?.passwordHash ?? (await DUMMY_HASH), password);
      return user && ok ? user : null;
    },

    recordLogin: async (id: number) => {
      await db.user.update({ where: { id }, data: { lastLoginTime: new Date() } });
    },

    /** Self-service sign-up: a username or e-mail anybody holds, deleted accounts included, is taken. */
    async register(data: { username: string; email: string; passwordHash: string; roleKey: string }) {
      const taken = await db.user.findFirst({ where: { OR: [{ username: data.username }, { email: data.email }] }, select: { username: true } });
      if (taken) throw taken.username === data.username ? new UsernameTakenError() : new EmailTakenError('邮箱已被注册');
      return db.user.create({ data: { ...data, nickname: data.username, createdBy: 'register' }, select: USER_COLUMNS });
    },

    /** The username of any user, deleted ones included; null when there is none. */
    usernameOf: async (id: number) => (await db.user.findUnique({ where: { id }, select: { username: true } }))?.username ?? null,

    /** Usernames by id, deleted users included. */
    names: (ids: number[]) => db.user.findMany({ where: { id: { in: ids } }, select: { id: true, username: true }, orderBy: { id: 'asc' } }),

    /** A user who is not deleted, without the hash. */
    async get(id: number): Promise<ManagedUser> {
      const user = await db.user.findFirst({ where: { id, isDeleted: false }, select: USER_COLUMNS });
      if (!user) throw new UserNotFoundError();
      return user;
    },

    async page(filter: UserFilter, page: { skip: number; take: number }) {
      const where: Prisma.UserWhereInput = {
        isDeleted: false,
        ...(filter.id !== undefined ? { id: filter.id } : {}),
        ...(filter.usernameContains ? { username: contains(filter.usernameContains) } : {}),
        ...(filter.status !== undefined ? { status: filter.status } : {}),
        ...(filter.roleKey ? { roleKey: filter.roleKey } : {}),
        ...(filter.gender ? { gender: filter.gender } : {}),
        ...(filter.phoneContains ? { phone: { contains: filter.phoneContains } } : {}),
        ...(filter.emailContains ? { email: contains(filter.emailContains) } : {}),
      };
      const [rows, total] = await Promise.all([
        db.user.findMany({ where, select: USER_COLUMNS, orderBy: { id: 'asc' }, skip: page.skip, take: page.take }),
        db.user.count({ where }),
      ]);
      return { rows, total };
    },

    /** An account made by an administrator (`createdBy` is theirs). */
    async create(data: {
      username: string;
      passwordHash: string;
      email: string;
      nickname?: string | null;
      phone?: string | null;
      roleKey: string;
      status: number;
      gender?: string | null;
      age?: number | null;
      avatar?: string | null;
      createdBy: string | null;
    }) {
      await assertFree(data.username, data.email);
      return uniqueChecked(db.user.create({ data: { ...data, updatedBy: data.createdBy }, select: USER_COLUMNS }));
    },

    /** A new e-mail must be nobody else's. */
    async update(id: number, data: UserChanges) {
      await assertFree(undefined, data.email, id);
      return uniqueChecked(db.user.update({ where: { id }, data, select: USER_COLUMNS }));
    },

    softDelete: (id: number, updatedBy: string | null) =>
      db.user.update({ where: { id }, data: { isDeleted: true, status: 0, updatedBy }, select: USER_COLUMNS }),

    /** How many users (not deleted) hold each role. */
    async countByRole(): Promise<Map<string, number>> {
      const groups = await db.user.groupBy({ by: ['roleKey'], where: { isDeleted: false }, _count: { _all: true } });
      return new Map(groups.map((g) => [g.roleKey, g._count._all]));
    },

    /** How many users (not deleted) hold `roleKey`. */
    countHolders: (roleKey: string) => db.user.count({ where: { roleKey, isDeleted: false } }),
  };
}
export type UserRepository = ReturnType<typeof userRepository>;
