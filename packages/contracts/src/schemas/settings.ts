// What the system settings routes answer (api.md "System settings", seed 004 §8): users, roles, the
// permission catalogue, IP rules and the system logs. Requests stay in the auth service's own schemas.
import { Type, type Static } from 'typebox';
import { Nullable } from '../schema-types.js';
import { UserFields } from './auth.js';

/** A user as the user manager lists it; `status` is 1 (enabled) or 0 (disabled). */
export const ManagedUserSchema = Type.Object({
  ...UserFields,
  status: Type.Integer(),
  createdBy: Nullable(Type.String()),
  updatedBy: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type ManagedUser = Static<typeof ManagedUserSchema>;

export const RoleSchema = Type.Object({
  id: Type.Integer(),
  roleKey: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  permissions: Type.Array(Type.String()),
  isBuiltin: Type.Boolean(),
  enabled: Type.Boolean(),
  /** non-deleted users holding the role */
  userCount: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Role = Static<typeof RoleSchema>;

/** An entry of the permission catalogue (permissions.ts). */
export const PermissionDefSchema = Type.Object({ key: Type.String(), title: Type.String(), module: Type.String() });
export type PermissionDef = Static<typeof PermissionDefSchema>;

export const IpRuleSchema = Type.Object({
  id: Type.Integer(),
  ipOrCidr: Type.String(),
  /** 'banned' or 'allowed' */
  status: Type.String(),
  reason: Nullable(Type.String()),
  expireAt: Nullable(Type.String()),
  /** true once expireAt has passed: the rule no longer applies */
  expired: Type.Boolean(),
  createdBy: Nullable(Type.Integer()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type IpRule = Static<typeof IpRuleSchema>;

export const SystemLogSchema = Type.Object({
  id: Type.Integer(),
  /** login, operation, security, search or error */
  type: Type.String(),
  action: Type.String(),
  userId: Nullable(Type.Integer()),
  username: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  method: Nullable(Type.String()),
  path: Nullable(Type.String()),
  status: Nullable(Type.Integer()),
  durationMs: Nullable(Type.Integer()),
  /** stored scrubbed of secrets */
  detail: Type.Unknown(),
  createdAt: Type.String(),
});
export type SystemLog = Static<typeof SystemLogSchema>;
