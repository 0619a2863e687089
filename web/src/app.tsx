import { useEffect } from 'react';
import { App as AntApp, ConfigProvider, theme as antdTheme } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { ApiError, setErrorNotifier } from './api/http';
import { onSessionEnd, startSession } from './api/session';
import { PreferencesProvider, usePreferences } from './i18n/preferences';
import { router } from './router';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers will not change by asking again; only network / 5xx failures get one retry.
      retry: (count, error) => count < 1 && !(error instanceof ApiError && error.code >= 400 && error.code < 500),
      refetchOnWindowFocus: false,
    },
  },
});

/** Wires the non-React layers (HTTP errors, session end) to antd's message API and the router. */
function Bridges() {
  const { message } = AntApp.useApp();
  const { t } = usePreferences();

  useEffect(() => {
    setErrorNotifier((text) => message.error(text));
  }, [message]);

  useEffect(() => {
    startSession();
  }, []);

  useEffect(
    () =>
      onSessionEnd((reason) => {
        queryClient.clear();
        const here = window.location.pathname + window.location.search;
        if (reason === 'expired') {
          message.warning(t('session.expired'));
          const query = here !== '/' && !here.startsWith('/login') ? `?redirect=${encodeURIComponent(here)}` : '';
          void router.navigate(`/login${query}`, { replace: true });
        } else {
          void router.navigate('/login', { replace: true });
        }
      }),
    [message, t],
  );
  return null;
}

function Themed() {
  const { locale, theme } = usePreferences();
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCN : enUS}
      theme={{ algorithm: theme === 'dark' ? antdTheme.darkAlgorithm : antdTheme.defaultAlgorithm, token: { colorPrimary: '#1677ff' } }}
    >
      <AntApp>
        <Bridges />
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <PreferencesProvider>
        <Themed />
      </PreferencesProvider>
    </QueryClientProvider>
  );
}
