import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { pageOf } from '@app/service-kit';
import { ArtRoleListQuerySchema, ArtRolePageSchema, ArtUserListQuerySchema, ArtUserPageSchema } from '../schemas/settings.js';
import { roleAdmin } from '../plugins/app/settings/role-admin.js';
import { userAdmin, type ManagedUser } from '../plugins/app/settings/user-admin.js';
import { parseTime } from '../plugins/app/settings/validation.js';

// art-design-pro shows gender labels; the table stores codes.
const GENDER_LABELS: Record<string, string> = { male: '男', female: '女', other: '其他' };
const GENDER_CODES: Record<string, string> = { 男: 'male', 女: 'female', 其他: 'other' };

/** art-design-pro's `UserListItem`: status '1' = enabled account, '2' = disabled. */
function userListItem(u: ManagedUser) {
  return {
    id: u.id,
    avatar: u.avatar ?? '',
    status: u.status === 1 ? '1' : '2',
    userName: u.username,
    userGender: u.gender ? (GENDER_LABELS[u.gender] ?? u.gender) : '',
    nickName: u.nickname ?? '',
    userPhone: u.phone ?? '',
    userEmail: u.email ?? '',
    userRoles: [u.roleKey],
    createBy: u.createdBy ?? '',
    createTime: u.createdAt.toISOString(),
    updateBy: u.updatedBy ?? '',
    updateTime: u.updatedAt.toISOString(),
  };
}

/** The user and role lists in the shapes art-design-pro's system-management pages read. */
const artDesignProLists: FastifyPluginAsyncTypebox = async (app) => {
  const users = userAdmin(app.db);
  const roles = roleAdmin(app.db);

  app.get(
    '/api/user/list',
    { schema: { tags: ['settings'], querystring: ArtUserListQuerySchema, response: { 200: ArtUserPageSchema } } },
    async (request) => {
      const q = request.query;
      const page = pageOf(q);
      const gender = q.userGender?.trim();
      const { rows, total } = await users.page(
        {
          id: q.id,
          usernameContains: q.userName?.trim(),
          gender: gender ? (GENDER_CODES[gender] ?? gender) : undefined,
          phoneContains: q.userPhone?.trim(),
          emailContains: q.userEmail?.trim(),
          status: q.status === undefined ? undefined : q.status === '1' ? 1 : 0,
        },
        page,
      );
      return { records: rows.map(userListItem), total, current: page.current, size: page.size };
    },
  );

  app.get(
    '/api/role/list',
    { schema: { tags: ['settings'], querystring: ArtRoleListQuerySchema, response: { 200: ArtRolePageSchema } } },
    async (request) => {
      const q = request.query;
      const page = pageOf(q);
      const { rows, total } = await roles.page(
        {
          nameContains: q.roleName?.trim(),
          keyContains: q.roleCode?.trim(),
          enabled: q.enabled,
          from: parseTime('query.startTime', q.startTime),
          to: parseTime('query.endTime', q.endTime),
        },
        page,
      );
      const records = rows.map((r) => ({
        roleId: r.id,
        roleName: r.name,
        roleCode: r.roleKey,
        description: r.description ?? '',
        enabled: r.enabled,
        createTime: r.createdAt.toISOString(),
      }));
      return { records, total, current: page.current, size: page.size };
    },
  );
};
export default artDesignProLists;
