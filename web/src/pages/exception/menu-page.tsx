/**
 * The catch-all of the console: finds the user's menu route for the current URL and renders its page.
 * A URL that is not among the user's menus is a 403, whether typed by hand or left over from
 * another account.
 */
import { Suspense } from 'react';
import { useLocation } from 'react-router';
import { PageLoading } from '../../components/page-loading';
import { RouteMetaContext } from '../../components/route-meta';
import { useMenuModel } from '../../auth/session-hooks';
import { usePreferences } from '../../i18n/preferences';
import { matchRoute, resolvePageKey } from '../../lib/menu-tree';
import { knownPageKeys, pageComponent } from '../registry';
import { Forbidden } from './forbidden';
import { LinkPage } from './link-page';

export function MenuPage() {
  const { pathname } = useLocation();
  const { routes } = useMenuModel();
  const { menuTitle } = usePreferences();
  const route = matchRoute(routes, pathname);
  if (!route) return <Forbidden />;
  const title = menuTitle(route.path, route.title);
  if (route.link) return <LinkPage key={route.path} link={route.link} iframe={route.isIframe} title={title} />;
  const Page = pageComponent(resolvePageKey(route, knownPageKeys));
  return (
    <RouteMetaContext.Provider value={route}>
      <Suspense fallback={<PageLoading />}>
        <Page key={route.path} />
      </Suspense>
    </RouteMetaContext.Provider>
  );
}
