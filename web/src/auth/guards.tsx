import type { ReactNode } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { useToken } from './session-hooks';

/** Only a safe in-app path may be a post-login target (no `//host` or absolute URLs). */
export function safeRedirect(target: string | null): string {
  return target && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/login') ? target : '/';
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const token = useToken();
  const location = useLocation();
  if (!token) {
    const here = location.pathname + location.search;
    const query = here && here !== '/' ? `?redirect=${encodeURIComponent(here)}` : '';
    return <Navigate to={`/login${query}`} replace />;
  }
  return <>{children}</>;
}

export function GuestOnly({ children }: { children: ReactNode }) {
  const token = useToken();
  const [params] = useSearchParams();
  if (token) return <Navigate to={safeRedirect(params.get('redirect'))} replace />;
  return <>{children}</>;
}
