import type { ReactNode } from 'react';
import type { PermRequirement } from '../lib/permission';
import { usePermission } from './session-hooks';

interface AuthProps {
  /** One permission or a list; `*` holders pass everything. */
  perm: PermRequirement;
  /** With a list: is one enough (default) or are all needed? */
  mode?: 'any' | 'all';
  fallback?: ReactNode;
  children: ReactNode;
}

/** Renders its children only when the user holds the permission (buttons, toolbars). */
export function Auth({ perm, mode = 'any', fallback = null, children }: AuthProps) {
  const { has } = usePermission();
  return <>{has(perm, mode) ? children : fallback}</>;
}
