import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import { GuestOnly, RequireAuth } from './auth/guards';
import { PageLoading } from './components/page-loading';

// Everything is code-split: the login page does not download the console shell, and the console
// shell does not download pages the user does not open.
const LoginPage = lazy(() => import('./pages/login/index'));
const RegisterPage = lazy(() => import('./pages/register/index'));
const ProfilePage = lazy(() => import('./pages/profile/index'));
const ConsoleLayout = lazy(() => import('./layouts/console-layout').then((m) => ({ default: m.ConsoleLayout })));
const HomeRedirect = lazy(() => import('./layouts/console-layout').then((m) => ({ default: m.HomeRedirect })));
const MenuPage = lazy(() => import('./pages/exception/menu-page').then((m) => ({ default: m.MenuPage })));

const suspended = (node: ReactNode) => <Suspense fallback={<PageLoading full />}>{node}</Suspense>;

/**
 * Only the pages every signed-in user has are declared here; everything else comes from the user's
 * menus (`MenuPage`), so a page outside them is a 403 however it is reached.
 */
export const router = createBrowserRouter([
  { path: '/login', element: <GuestOnly>{suspended(<LoginPage />)}</GuestOnly> },
  { path: '/register', element: <GuestOnly>{suspended(<RegisterPage />)}</GuestOnly> },
  {
    path: '/',
    element: <RequireAuth>{suspended(<ConsoleLayout />)}</RequireAuth>,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'profile', element: <ProfilePage /> },
      { path: '*', element: <MenuPage /> },
    ],
  },
]);
