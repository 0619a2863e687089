import { Prisma, type PrismaClient } from '@app/db';
import { EmailTakenError, UserNotFoundError, UsernameTakenError } from '../../../errors.js';

/** Every column but the password hash: it is never read by the settings routes, so never returned. */
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

export function managedUserView(u: ManagedUser) {
  return {
    id: u.id,
    username: u.username,
    nickname: u.nickname,
    email: u.email,
    phone: u.phone,
    avatar: u.avatar,
    gender: u.gender,
    age: u.age,
    roleKey: u.roleKey,
    role: u.roleKey,
    status: u.status,
    lastLoginTime: u.lastLoginTime?.toISOString() ?? null,
    createdBy: u.createdBy,
    updatedBy: u.updatedBy,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

export interface UserFilter {
  id?: number;
  usernameContains?: string;
  status?: number;
  roleKey?: string;
  gender?: string;
  phoneContains?: string;
  emailContains?: string;
}

const contains = (value: string) => ({ contains: value, mode: 'insensitive' as const });

/** The unique column a P2002 error is about, for an error that says which one is taken. */
function takenError(err: Prisma.PrismaClientKnownRequestError) {
  const target = JSON.stringify(err.meta ?? {});
  return target.includes('email') ? new EmailTakenError('邮箱已被使用') : new UsernameTakenError();
}

/** xl_users for the settings pages; deleted users do not exist here. */
export function userAdmin(db: PrismaClient) {
  async function get(id: number): Promise<ManagedUser> {
    const user = await db.user.findFirst({ where: { id, isDeleted: false }, select: USER_COLUMNS });
    if (!user) throw new UserNotFoundError();
    return user;
  }

  /** Usernames stay taken after a soft delete (the column is unique); e-mails too. */
  async function assertFree(username: string | undefined, email: string | null | undefined, exceptId?: number) {
    const not = exceptId ? { NOT: { id: exceptId } } : {};
    if (username && (await db.user.findFirst({ where: { username, ...not }, select: { id: true } }))) throw new UsernameTakenError();
    if (email && (await db.user.findFirst({ where: { email, ...not }, select: { id: true } }))) throw new EmailTakenError('邮箱已被使用');
  }

  async function write<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      // Two requests creating the same name at once: the unique index decides, the loser gets a 409.
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw takenError(err);
      throw err;
    }
  }

  return {
    get,

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
      return write(() => db.user.create({ data: { ...data, updatedBy: data.createdBy }, select: USER_COLUMNS }));
    },

    async update(id: number, data: Prisma.UserUpdateInput & { email?: string | null }) {
      await assertFree(undefined, data.email, id);
      return write(() => db.user.update({ where: { id }, data, select: USER_COLUMNS }));
    },

    softDelete: (id: number, updatedBy: string | null) =>
      db.user.update({ where: { id }, data: { isDeleted: true, status: 0, updatedBy }, select: USER_COLUMNS }),
  };
}
export type UserAdmin = ReturnType<typeof userAdmin>;
