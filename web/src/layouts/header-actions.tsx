import { Avatar, Dropdown, Flex, Segmented, Tooltip, Typography } from 'antd';
import { LogoutOutlined, MoonOutlined, SunOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { logout } from '../api/auth';
import type { CurrentUser } from '../api/types';
import { LocaleSwitch } from '../components/locale-switch';
import { usePreferences } from '../i18n/preferences';

export function HeaderActions({ user }: { user: CurrentUser }) {
  const { t, theme, setTheme } = usePreferences();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const signOut = async () => {
    await logout();
    queryClient.clear();
  };

  return (
    <Flex align="center" gap={16}>
      <LocaleSwitch />
      <Segmented
        data-testid="theme-switch"
        size="small"
        value={theme}
        onChange={(value) => setTheme(value as typeof theme)}
        options={[
          { label: <Tooltip title={t('header.theme.light')}><SunOutlined data-testid="theme-light" /></Tooltip>, value: 'light' },
          { label: <Tooltip title={t('header.theme.dark')}><MoonOutlined data-testid="theme-dark" /></Tooltip>, value: 'dark' },
        ]}
      />
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'profile', icon: <UserOutlined />, label: <span data-testid="user-menu-profile">{t('header.profile')}</span>, onClick: () => navigate('/profile') },
            { type: 'divider' },
            { key: 'logout', icon: <LogoutOutlined />, danger: true, label: <span data-testid="user-menu-logout">{t('header.logout')}</span>, onClick: signOut },
          ],
        }}
      >
        <Flex align="center" gap={8} style={{ cursor: 'pointer' }} data-testid="user-dropdown">
          <Avatar size="small" src={user.avatar || undefined} icon={<UserOutlined />} />
          <Typography.Text data-testid="current-username">{user.nickname || user.username}</Typography.Text>
        </Flex>
      </Dropdown>
    </Flex>
  );
}
