import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Role } from '@app/db';
import { ValidationError, rangeOf, wallTimeIn } from '@app/service-kit';
import { ArtRoleListQuerySchema, ArtRolePageSchema, ArtUserListQuerySchema, ArtUserPageSchema } from '../../schemas/settings.js';
import type { AuthDomain } from '../../plugins/app/domain.js';
import { listPage } from '../../plugins/app/list-page.js';
import type { ManagedUser } from '../../plugins/app/user-repository.js';

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
const artDesignProLists: FastifyPluginAsyncTypebox<Pick<AuthDomain, 'users' | 'roles'> & { zone: string }> = async (app, { users, roles, zone }) => {
  const time = localTimes(zone);

  const userListItem = (u: ManagedUser) => ({
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

  const roleListItem = (r: Role) => ({
    roleId: r.id,
    roleName: r.name,
    roleCode: r.roleKey,
    description: r.description ?? '',
    enabled: r.enabled,
    createTime: time(r.createdAt),
  });

  app.get(
    '/api/user/list',
    { schema: { tags: ['settings'], querystring: ArtUserListQuerySchema, response: { 200: ArtUserPageSchema } } },
    async (request) => {
      const q = request.query;
      const status = q.status ? ACCOUNT_STATUS[q.status] : undefined;
      const gender = given(q.userGender);
      const filter = {
        id: q.id === '' ? undefined : q.id,
        usernameContains: given(q.userName),
        gender: gender ? (GENDER_CODES[gender] ?? gender) : undefined,
        phoneContains: given(q.userPhone),
        emailContains: given(q.userEmail),
      };
      // A status that describes no account finds none: nothing to ask the database.
      return listPage(q, async (page) => (status === null ? { rows: [], total: 0 } : users.page({ ...filter, status }, page)), userListItem);
    },
  );

  app.get(
    '/api/role/list',
    { schema: { tags: ['settings'], querystring: ArtRoleListQuerySchema, response: { 200: ArtRolePageSchema } } },
    async (request) => {
      const q = request.query;
      // Its date range sends days: the whole of each in the platform's zone, `endTime` inclusive.
      const from = rangeOf({ start: q.startTime }, zone).start;
      const to = rangeOf({ end: q.endTime }, zone).end;
      if (from && to && to < from) throw new ValidationError('querystring.endTime must not be before querystring.startTime');
      const filter = {
        id: q.roleId === '' ? undefined : q.roleId,
        nameContains: given(q.roleName),
        keyContains: given(q.roleCode),
        descriptionContains: given(q.description),
        enabled: q.enabled === '' ? undefined : q.enabled,
        from,
        to,
      };
      return listPage(q, (page) => roles.page(filter, page), roleListItem);
    },
  );
};
export default artDesignProLists;
