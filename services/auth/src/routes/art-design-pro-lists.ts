import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ValidationError, pageOf, rangeOf, wallTimeIn } from '@app/service-kit';
import { ArtRoleListQuerySchema, ArtRolePageSchema, ArtUserListQuerySchema, ArtUserPageSchema } from '../schemas/settings.js';
import { roleAdmin } from '../plugins/app/settings/role-admin.js';
import { userAdmin, type ManagedUser } from '../plugins/app/settings/user-admin.js';

// art-design-pro shows gender labels; the table stores codes. Its search radio sends '1' 男 / '2' 女.
const GENDER_LABELS: Record<string, string> = { male: '男', female: '女', other: '其他' };
const GENDER_CODES: Record<string, string> = { 男: 'male', 女: 'female', 其他: 'other', '1': 'male', '2': 'female' };

/**
 * Its user status tags ('1' 在线 / '2' 离线 / '3' 异常 / '4' 注销) for the account's status column (1 enabled,
 * 0 disabled): an enabled account is '1', which its list asks for by default; a disabled one is '4', an account
 * that can no longer be used. '2' and '3' describe no account here, so searching for them finds none.
 */
const STATUS_TAG: Record<number, string> = { 1: '1', 0: '4' };
const ACCOUNT_STATUS: Record<string, number | null> = { '1': 1, '2': null, '3': null, '4': 0 };

const given = (value: string | undefined) => (value === undefined ? undefined : value.trim() || undefined);

/** `YYYY-MM-DD HH:mm:ss` in the platform's zone: art-design-pro prints times as they come. */
function localTimes(zone: string) {
  const wallTime = wallTimeIn(zone);
  return (instant: Date) => wallTime(instant).toISOString().slice(0, 19).replace('T', ' ');
}

/** The user and role lists in the shapes art-design-pro's system-management pages read. */
const artDesignProLists: FastifyPluginAsyncTypebox = async (app) => {
  const users = userAdmin(app.db);
  const roles = roleAdmin(app.db);
  const zone = app.config.PLATFORM_TIMEZONE;

  const userListItem = (u: ManagedUser, time: (instant: Date) => string) => ({
    id: u.id,
    avatar: u.avatar ?? '',
    status: STATUS_TAG[u.status] ?? '4',
    userName: u.username,
    userGender: u.gender ? (GENDER_LABELS[u.gender] ?? u.gender) : '',
    nickName: u.nickname ?? '',
    userPhone: u.phone ?? '',
    userEmail: u.email ?? '',
    userRoles: [u.roleKey],
    createBy: u.createdBy ?? '',
    createTime: time(u.createdAt),
    updateBy: u.updatedBy ?? '',
    updateTime: time(u.updatedAt),
  });

  app.get(
    '/api/user/list',
    { schema: { tags: ['settings'], querystring: ArtUserListQuerySchema, response: { 200: ArtUserPageSchema } } },
    async (request) => {
      const q = request.query;
      const page = pageOf(q);
      const status = q.status ? ACCOUNT_STATUS[q.status] : undefined;
      if (status === null) return { records: [], total: 0, current: page.current, size: page.size };
      const gender = given(q.userGender);
      const { rows, total } = await users.page(
        {
          id: q.id === '' ? undefined : q.id,
          usernameContains: given(q.userName),
          gender: gender ? (GENDER_CODES[gender] ?? gender) : undefined,
          phoneContains: given(q.userPhone),
          emailContains: given(q.userEmail),
          status,
        },
        page,
      );
      const time = localTimes(zone);
      return { records: rows.map((u) => userListItem(u, time)), total, current: page.current, size: page.size };
    },
  );

  app.get(
    '/api/role/list',
    { schema: { tags: ['settings'], querystring: ArtRoleListQuerySchema, response: { 200: ArtRolePageSchema } } },
    async (request) => {
      const q = request.query;
      const page = pageOf(q);
      // Its date range sends days: the whole of each in the platform's zone, `endTime` inclusive.
      const from = rangeOf({ start: q.startTime }, zone).start;
      const to = rangeOf({ end: q.endTime }, zone).end;
      if (from && to && to < from) throw new ValidationError('querystring.endTime must not be before querystring.startTime');
      const { rows, total } = await roles.page(
        {
          id: q.roleId === '' ? undefined : q.roleId,
          nameContains: given(q.roleName),
          keyContains: given(q.roleCode),
          descriptionContains: given(q.description),
          enabled: q.enabled === '' ? undefined : q.enabled,
          from,
          to,
        },
        page,
      );
      const time = localTimes(zone);
      const records = rows.map((r) => ({
        roleId: r.id,
        roleName: r.name,
        roleCode: r.roleKey,
        description: r.description ?? '',
        enabled: r.enabled,
        createTime: time(r.createdAt),
      }));
      return { records, total, current: page.current, size: page.size };
    },
  );
};
export default artDesignProLists;
