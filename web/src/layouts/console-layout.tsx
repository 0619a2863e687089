import { Suspense, useEffect, useMemo, useState } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { Breadcrumb, Button, Flex, Layout, Menu, Result, theme as antdTheme, Typography, type MenuProps } from 'antd';
import { MenuFoldOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { logout } from '../api/auth';
import { useMe, useMenuModel, useRouteMenus } from '../auth/session-hooks';
import { MenuIcon } from '../components/menu-icon';
import { PageLoading } from '../components/page-loading';
import { usePreferences } from '../i18n/preferences';
import { firstRoutePath, matchRoute, type SideMenuItem } from '../lib/menu-tree';
import { HeaderActions } from './header-actions';

const COLLAPSE_KEY = 'xl.siderCollapsed';
type MenuItem = Required<MenuProps>['items'][number];

export function ConsoleLayout() {
  const me = useMe();
  const menus = useRouteMenus();
  const { side, routes } = useMenuModel();
  const { t, theme, menuTitle } = usePreferences();
  const { pathname } = useLocation();
  const { token } = antdTheme.useToken();
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(COLLAPSE_KEY) === '1');
  const route = useMemo(() => matchRoute(routes, pathname), [routes, pathname]);
  const [openKeys, setOpenKeys] = useState<string[]>([]);

  useEffect(() => {
    if (route) setOpenKeys((keys) => [...new Set([...keys, ...route.ancestorKeys])]);
  }, [route]);

  const items = useMemo(() => {
    const build = (list: SideMenuItem[]): MenuItem[] =>
      list.map((item) => {
        const title = menuTitle(item.path, item.title);
        if (item.children?.length) {
          return {
            key: item.key,
            icon: <MenuIcon name={item.icon} />,
            label: <span data-testid={`menu-${item.path || item.id}`}>{title}</span>,
            children: build(item.children),
          };
        }
        const label = item.link && !item.isIframe
          ? <a href={item.link} target="_blank" rel="noreferrer" data-testid={`menu-${item.path}`}>{title}</a>
          : <Link to={item.path} data-testid={`menu-${item.path}`}>{title}</Link>;
        return { key: item.key, icon: <MenuIcon name={item.icon} />, label };
      });
    return build(side);
  }, [side, menuTitle]);

  // Pages are routed from the menus: wait for both, or `/` would land before the menus are known.
  if (me.isPending || menus.isPending) return <PageLoading full />;
  if (me.isError || !me.data || menus.isError) {
    return (
      <Result
        status="error"
        title={t('common.loadFailed')}
        subTitle={(me.error ?? menus.error)?.message}
        extra={[
          <Button key="retry" type="primary" onClick={() => { void me.refetch(); void menus.refetch(); }}>{t('common.retry')}</Button>,
          <Button key="logout" onClick={() => logout()}>{t('header.logout')}</Button>,
        ]}
      />
    );
  }

  const toggle = () => {
    localStorage.setItem(COLLAPSE_KEY, collapsed ? '0' : '1');
    setCollapsed(!collapsed);
  };
  const isProfile = pathname === '/profile';
  const crumbs = isProfile
    ? [{ title: t('profile.title') }]
    : route
      ? [...route.ancestorTitles.map((title, i) => ({ title: menuTitle(route.ancestorPaths[i], title) })), { title: menuTitle(route.path, route.title) }]
      : [];

  return (
    <Layout style={{ minHeight: '100vh' }} data-testid="console-layout">
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        trigger={null}
        width={220}
        theme={theme}
        style={{ borderRight: `1px solid ${token.colorSplit}` }}
        data-testid="side-menu"
      >
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 10, height: 56, padding: '0 20px', overflow: 'hidden' }}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          {!collapsed && <Typography.Text strong style={{ fontSize: 16, whiteSpace: 'nowrap' }}>{t('app.name')}</Typography.Text>}
        </Link>
        <Menu
          mode="inline"
          theme={theme}
          items={items}
          selectedKeys={route ? [route.hidden ? (route.ancestorKeys.at(-1) ?? route.path) : route.path] : []}
          openKeys={collapsed ? undefined : openKeys}
          onOpenChange={(keys) => setOpenKeys(keys as string[])}
          style={{ borderInlineEnd: 0 }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: token.colorBgContainer, padding: '0 16px', height: 56, lineHeight: '56px', borderBottom: `1px solid ${token.colorSplit}` }}
        >
          <Flex justify="space-between" align="center" style={{ height: '100%' }}>
            <Flex align="center" gap={8}>
              <Button
                type="text"
                aria-label={t('header.collapse')}
                data-testid="sider-toggle"
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                onClick={toggle}
              />
              <Breadcrumb items={crumbs} data-testid="breadcrumb" />
            </Flex>
            <HeaderActions user={me.data.user} />
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: 20 }} data-testid="page-content">
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** `/` goes to the first page of the user's menus (or the profile when they have none). */
export function HomeRedirect() {
  const { routes } = useMenuModel();
  return <Navigate to={firstRoutePath(routes) ?? '/profile'} replace />;
}
