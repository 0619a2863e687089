/**
 * Groups the permission catalogue (`GET /api/settings/permissions`) by module for the role editor,
 * in the order of the shared catalogue in @app/contracts; unknown modules go last.
 */
import { PERMISSIONS } from '@app/contracts/permissions';

export interface PermissionItem {
  key: string;
  title: string;
  module: string;
}

export interface PermissionGroup {
  module: string;
  items: PermissionItem[];
}

const moduleOrder: string[] = [...new Set(PERMISSIONS.map((p) => p.module))];

/** The catalogue shipped with the code, used when the API is unreachable or returns nothing. */
export const DEFAULT_PERMISSIONS: PermissionItem[] = PERMISSIONS.map((p) => ({ ...p }));

export function moduleOf(key: string): string {
  const at = key.indexOf(':');
  return at > 0 ? key.slice(0, at) : key;
}

export function groupPermissions(items: readonly PermissionItem[]): PermissionGroup[] {
  const groups = new Map<string, PermissionItem[]>();
  for (const item of items) {
    if (item.key === '*') continue;
    const module = item.module || moduleOf(item.key);
    if (!groups.has(module)) groups.set(module, []);
    groups.get(module)!.push({ ...item, module });
  }
  const rank = (m: string) => {
    const i = moduleOrder.indexOf(m);
    return i === -1 ? moduleOrder.length : i;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([module, list]) => ({ module, items: list }));
}

/** Toggles a whole module on or off within a selection, keeping the order of the catalogue. */
export function toggleModule(selected: readonly string[], group: PermissionGroup, on: boolean): string[] {
  const keys = new Set(group.items.map((i) => i.key));
  const rest = selected.filter((k) => !keys.has(k));
  return on ? [...rest, ...group.items.map((i) => i.key)] : rest;
}
