import type { Menu, Prisma } from '@app/db';
import { isKnownPermission } from '@app/contracts';
import { ConflictError, NotFoundError } from '@app/service-kit';
import type { MenuCreate, MenuType, MenuUpdate } from '../../../schemas/settings.js';
import { toNode } from '../menu-tree.js';
import type { MenuRepository } from '../menu-repository.js';
import type { RoleRepository } from '../role-repository.js';
import { fieldError } from './validation.js';

const NOT_FOUND = '菜单不存在';
/** Deeper than any real menu; stops the ancestor walk on corrupt data instead of looping. */
const MAX_DEPTH = 50;

/**
 * The menus page's operations over the menu and role repositories: the whole tree (hidden entries included),
 * and writes that keep it a tree art-design-pro can render: buttons hang under pages, nothing hangs under a
 * button, no cycles.
 */
export function menuAdmin({ menus, roles }: { menus: MenuRepository; roles: RoleRepository }) {
  async function get(id: number): Promise<Menu> {
    const menu = await menus.find(id);
    if (!menu) throw new NotFoundError(NOT_FOUND);
    return menu;
  }

  /** Where an entry of `type` may sit under `parentId` (null = top level); `id` when it already exists. */
  async function checkPlacement(type: MenuType, parentId: number | null, id?: number) {
    if (parentId === null) {
      if (type === 'button') throw fieldError('body.parentId', '按钮必须挂在菜单下');
    } else {
      const parent = await menus.find(parentId);
      if (!parent) throw fieldError('body.parentId', '上级菜单不存在');
      if (parent.type === 'button') throw fieldError('body.parentId', '按钮下不能再有子项');
      if (type === 'button' && parent.type !== 'menu') throw fieldError('body.parentId', '按钮的上级必须是菜单');
      if (id !== undefined) {
        // Walk up from the new parent: meeting the entry itself means the move would close a cycle.
        let cursor: number | null = parentId;
        for (let depth = 0; cursor !== null && depth < MAX_DEPTH; depth++) {
          if (cursor === id) throw fieldError('body.parentId', '不能移动到自身或其子菜单下');
          cursor = (await menus.parentOf(cursor)) ?? null;
        }
      }
    }
    if (id !== undefined) {
      const children = await menus.childTypes(id);
      if (type === 'button' && children.length) throw fieldError('body.type', '有子项的菜单不能改为按钮');
      if (type !== 'menu' && children.includes('button')) throw fieldError('body.type', '含按钮的菜单只能是 menu 类型');
    }
  }

  /** `perms` must be in the catalogue (empty means none); `roles` must name existing roles. */
  async function checkGrants(perms: string | null | undefined, keys: string[] | undefined) {
    if (perms && !isKnownPermission(perms)) throw fieldError('body.perms', `不是已知的权限: ${perms}`);
    if (keys?.length) {
      const known = await roles.existingKeys(keys);
      const unknown = keys.find((r) => !known.has(r));
      if (unknown) throw fieldError('body.roles', `角色不存在: ${unknown}`);
    }
  }

  /** Body fields → columns; only the fields present are written (PUT is partial). */
  function columns(body: MenuUpdate): Prisma.MenuUncheckedUpdateInput {
    const data: Prisma.MenuUncheckedUpdateInput = {};
    if (body.parentId !== undefined) data.parentId = body.parentId || null;
    if (body.type !== undefined) data.type = body.type;
    if (body.title !== undefined) data.title = body.title;
    for (const key of ['name', 'path', 'component', 'icon', 'link'] as const) {
      if (body[key] !== undefined) data[key] = body[key] || null;
    }
    if (body.sort !== undefined) data.sort = body.sort;
    const visible = body.isVisible ?? body.is_visible;
    if (visible !== undefined) data.isVisible = visible;
    if (body.perms !== undefined) data.perms = body.perms || null;
    if (body.roles !== undefined) data.roles = [...new Set(body.roles)];
    if (body.keepAlive !== undefined) data.keepAlive = body.keepAlive;
    if (body.isIframe !== undefined) data.isIframe = body.isIframe;
    return data;
  }

  return {
    get,

    async create(body: MenuCreate) {
      const parentId = body.parentId || null;
      await checkPlacement(body.type, parentId);
      await checkGrants(body.perms, body.roles);
      const row = await menus.create({ ...(columns(body) as Prisma.MenuUncheckedCreateInput), type: body.type, title: body.title, parentId });
      return toNode(row);
    },

    async update(id: number, body: MenuUpdate) {
      const current = await get(id);
      const type = body.type ?? (current.type as MenuType);
      const parentId = body.parentId === undefined ? current.parentId : body.parentId || null;
      if (type !== current.type || parentId !== current.parentId) await checkPlacement(type, parentId, id);
      await checkGrants(body.perms, body.roles);
      return toNode(await menus.update(id, columns(body)));
    },

    /** Soft delete; an entry with live children must be emptied first. */
    async remove(id: number): Promise<Menu> {
      await get(id);
      const children = await menus.countChildren(id);
      if (children) throw new ConflictError(`该菜单下还有 ${children} 个子项，请先删除子项`);
      return menus.softDelete(id);
    },
  };
}
export type MenuAdmin = ReturnType<typeof menuAdmin>;
