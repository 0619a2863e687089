// Schemas of the system settings routes (api.md "System settings", seed 004 §8) and the two
// art-design-pro lists. Response schemas name every field they serialise: none can carry a password hash.
import { Type, type Static, type TSchema } from 'typebox';
import { DateOrDateTime, Nullable, Page, PageQuerySchema } from '@app/service-kit';
import { IpRuleSchema, ManagedUserSchema, SystemLogSchema } from '@app/contracts/schemas/settings';
import { EditableProfileFields, EmailSchema, MenuNodeSchema, PasswordInputSchema, UsernameSchema } from './auth.js';

// The answers' shapes are shared with the console (@app/contracts); requests are this service's own.
export { IpRuleSchema, ManagedUserSchema, PermissionDefSchema, RoleSchema, SystemLogSchema } from '@app/contracts/schemas/settings';

const Int32 = (opts: { minimum?: number; maximum?: number } = {}) => Type.Integer({ minimum: -2147483648, maximum: 2147483647, ...opts });

export const IdParamsSchema = Type.Object({ id: Int32({ minimum: 1 }) });
export const DeletedSchema = Type.Object({ id: Type.Integer(), deleted: Type.Boolean() });

/** Query fields of every paginated list: `current`/`size` or their aliases `page`/`pageSize`. */
const pageQuery = PageQuerySchema.properties;

/** An ISO-8601 date or date-time; parsed (and rejected with the field's name) by the handler. */

// ───────────────────────────── menus ─────────────────────────────

export const MenuTypeSchema = Type.Union([Type.Literal('catalog'), Type.Literal('menu'), Type.Literal('button')]);
export type MenuType = Static<typeof MenuTypeSchema>;

const menuFields = {
  /** 0 (or null) puts the entry at the top level. */
  parentId: Nullable(Int32({ minimum: 0 })),
  type: MenuTypeSchema,
  title: Type.String({ minLength: 1, maxLength: 50 }),
  name: Nullable(Type.String({ maxLength: 64 })),
  path: Nullable(Type.String({ maxLength: 255 })),
  component: Nullable(Type.String({ maxLength: 255 })),
  icon: Nullable(Type.String({ maxLength: 64 })),
  sort: Int32(),
  isVisible: Type.Boolean(),
  /** seed 004 §8.1 spells it `is_visible`; accepted as an alias */
  is_visible: Type.Boolean(),
  /** a permission of the catalogue, or empty for none */
  perms: Nullable(Type.String({ maxLength: 64 })),
  /** role keys that see the entry when it has no `perms` */
  roles: Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 100 }),
  keepAlive: Type.Boolean(),
  link: Nullable(Type.String({ maxLength: 500 })),
  isIframe: Type.Boolean(),
};
/** Partial: also what drag-and-drop reordering sends (`{ parentId, sort }`). */
export const MenuUpdateSchema = Type.Partial(Type.Object(menuFields));
export const MenuCreateSchema = Type.Object({ ...MenuUpdateSchema.properties, type: menuFields.type, title: menuFields.title });
export type MenuCreate = Static<typeof MenuCreateSchema>;
export type MenuUpdate = Static<typeof MenuUpdateSchema>;

export { MenuNodeSchema };
export const MenuTreeSchema = Type.Array(MenuNodeSchema);

// ───────────────────────────── roles ─────────────────────────────

export const RoleKeySchema = Type.String({ pattern: '^[a-z][a-z0-9_-]{1,31}$' });
const PermissionListSchema = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 200 });

export const RoleCreateSchema = Type.Object({
  roleKey: RoleKeySchema,
  name: Type.String({ minLength: 1, maxLength: 50 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  permissions: Type.Optional(PermissionListSchema),
  enabled: Type.Optional(Type.Boolean()),
});

export const RoleUpdateSchema = Type.Object({
  /** immutable: accepted only when unchanged (clients send the whole form back) */
  roleKey: Type.Optional(Type.String({ maxLength: 64 })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  description: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  enabled: Type.Optional(Type.Boolean()),
});

export const RolePermissionsSchema = Type.Object({ permissions: PermissionListSchema });

// ───────────────────────────── users ─────────────────────────────

/** 1 enabled, 0 disabled (xl_users.status). */
export const UserStatusSchema = Int32({ minimum: 0, maximum: 1 });

export const UserListQuerySchema = Type.Object({
  ...pageQuery,
  username: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(UserStatusSchema),
  roleKey: Type.Optional(Type.String({ maxLength: 64 })),
});

export const UserCreateSchema = Type.Object({
  ...EditableProfileFields,
  username: UsernameSchema,
  password: PasswordInputSchema,
  email: EmailSchema,
  roleKey: Type.String({ minLength: 1, maxLength: 64 }),
  status: Type.Optional(UserStatusSchema),
});

/** Username and password are not here: they are never changed by this route. */
export const UserUpdateSchema = Type.Object({
  ...EditableProfileFields,
  roleKey: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  status: Type.Optional(UserStatusSchema),
});
export type UserUpdate = Static<typeof UserUpdateSchema>;

export const UserStatusBodySchema = Type.Object({ status: UserStatusSchema });
export const ResetPasswordSchema = Type.Object({ password: PasswordInputSchema });
export const PasswordResetResultSchema = Type.Object({ id: Type.Integer(), reset: Type.Boolean() });

// ───────────────────────────── IP security ─────────────────────────────

export const IpStatusSchema = Type.Union([Type.Literal('banned'), Type.Literal('allowed')]);
export type IpStatus = Static<typeof IpStatusSchema>;

export const IpListQuerySchema = Type.Object({
  ...pageQuery,
  status: Type.Optional(IpStatusSchema),
  /** part of the address or of the reason */
  keyword: Type.Optional(Type.String({ maxLength: 100 })),
});

export const IpCreateSchema = Type.Object({
  ipOrCidr: Type.String({ minLength: 2, maxLength: 64 }),
  reason: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
  expireAt: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  status: Type.Optional(IpStatusSchema),
});

export const IpStatusBodySchema = Type.Object({ status: IpStatusSchema });

export const InternalIpRulesSchema = Type.Object({
  rules: Type.Array(Type.Object({ ipOrCidr: Type.String(), expireAt: Nullable(Type.String()) })),
});

// ───────────────────────────── system logs ─────────────────────────────

export const LogListQuerySchema = Type.Object({
  ...pageQuery,
  type: Type.Optional(Type.String({ maxLength: 20 })),
  action: Type.Optional(Type.String({ maxLength: 120 })),
  username: Type.Optional(Type.String({ maxLength: 64 })),
  userId: Type.Optional(Int32({ minimum: 1 })),
  ip: Type.Optional(Type.String({ maxLength: 64 })),
  // api.md "Days and dates": a day is the whole calendar day of the platform zone (end inclusive).
  startTime: Type.Optional(DateOrDateTime()),
  endTime: Type.Optional(DateOrDateTime()),
  /** aliases of startTime / endTime */
  start: Type.Optional(DateOrDateTime()),
  end: Type.Optional(DateOrDateTime()),
});

export const LogDeleteSchema = Type.Object({
  ids: Type.Optional(Type.Array(Int32({ minimum: 1 }), { minItems: 1, maxItems: 1000 })),
  /** everything older: a day means before that day's first instant in the platform zone */
  before: Type.Optional(DateOrDateTime()),
});

export const LogDeleteResultSchema = Type.Object({ deleted: Type.Integer() });

// ───────────────────────────── art-design-pro lists ─────────────────────────────

/** A search field of art-design-pro's forms: after a reset they may send it empty, which means "no filter". */
const SearchField = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Literal('')]));

/**
 * art-design-pro's `Api.SystemManage.UserListItem` (its src/types/api/api.d.ts). `status` is one of its
 * table's tags: '1' 在线 for an enabled account, '4' 注销 for a disabled one ('2' 离线 and '3' 异常 name
 * nothing an account here can be). `userGender` is the label it shows ('男' / '女' / '其他', '' when unknown);
 * times are `YYYY-MM-DD HH:mm:ss` in the platform's zone, since it prints them as they come.
 */
export const ArtUserListItemSchema = Type.Object({
  id: Type.Integer(),
  avatar: Type.String(),
  status: Type.String(),
  userName: Type.String(),
  userGender: Type.String(),
  nickName: Type.String(),
  userPhone: Type.String(),
  userEmail: Type.String(),
  userRoles: Type.Array(Type.String()),
  createBy: Type.String(),
  createTime: Type.String(),
  updateBy: Type.String(),
  updateTime: Type.String(),
});

/** Its user search form; its page sends `status=1` until the user picks another. */
export const ArtUserListQuerySchema = Type.Object({
  ...pageQuery,
  id: SearchField(Int32({ minimum: 1 })),
  userName: SearchField(Type.String({ maxLength: 64 })),
  /** its radio's '1' 男 / '2' 女, the labels '男' / '女' / '其他', or 'male' / 'female' / 'other' */
  userGender: SearchField(Type.String({ maxLength: 10 })),
  userPhone: SearchField(Type.String({ maxLength: 32 })),
  userEmail: SearchField(Type.String({ maxLength: 254 })),
  /** '1' 在线 / '2' 离线 / '3' 异常 / '4' 注销 */
  status: SearchField(Type.Union([Type.Literal('1'), Type.Literal('2'), Type.Literal('3'), Type.Literal('4')])),
});

/** art-design-pro's `Api.SystemManage.RoleListItem`; `createTime` as in the user list. */
export const ArtRoleListItemSchema = Type.Object({
  roleId: Type.Integer(),
  roleName: Type.String(),
  roleCode: Type.String(),
  description: Type.String(),
  enabled: Type.Boolean(),
  createTime: Type.String(),
});

/** Its role search form (`RoleSearchParams`): its date range arrives as two days, `startTime` and `endTime`. */
export const ArtRoleListQuerySchema = Type.Object({
  ...pageQuery,
  roleId: SearchField(Int32({ minimum: 1 })),
  roleName: SearchField(Type.String({ maxLength: 50 })),
  roleCode: SearchField(Type.String({ maxLength: 64 })),
  description: SearchField(Type.String({ maxLength: 255 })),
  enabled: SearchField(Type.Boolean()),
  startTime: SearchField(DateOrDateTime()),
  endTime: SearchField(DateOrDateTime()),
});

export const ArtUserPageSchema = Page(ArtUserListItemSchema);
export const ArtRolePageSchema = Page(ArtRoleListItemSchema);
export const UserPageSchema = Page(ManagedUserSchema);
export const IpPageSchema = Page(IpRuleSchema);
export const LogPageSchema = Page(SystemLogSchema);
