/**
 * Maps a menu's `component` string (`/settings/users/index`) to a lazily loaded page module under
 * `src/pages/<key>/index.tsx`. Pages that are not menu targets (login, register, exceptions) are
 * excluded; an unknown component renders the "coming soon" placeholder.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { ComingSoon } from '../components/coming-soon';

type PageModule = { default: ComponentType };

const modules = import.meta.glob<PageModule>(['./**/index.tsx', '!./login/**', '!./register/**', '!./exception/**']);

const loaders = new Map<string, () => Promise<PageModule>>(
  Object.entries(modules).map(([file, load]) => [file.replace(/^\.\//, '').replace(/\/index\.tsx$/, ''), load]),
);

/** Keys such as `settings/users`, `dashboard`, `kb/config`. */
export const knownPageKeys: ReadonlySet<string> = new Set(loaders.keys());

const cache = new Map<string, LazyExoticComponent<ComponentType>>();

export function pageComponent(key: string | null): ComponentType {
  if (!key) return ComingSoon;
  const load = loaders.get(key);
  if (!load) return ComingSoon;
  let component = cache.get(key);
  if (!component) {
    component = lazy(load);
    cache.set(key, component);
  }
  return component;
}
