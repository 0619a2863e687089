/**
 * Language and theme, persisted in localStorage. Non-React code (the HTTP layer) reads the language
 * through `currentLocale()`.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { translate } from '../lib/translate';
import { dictionaries, menuTitlesEn, zhCN, type Locale, type MessageKey } from './messages';

export type ThemeMode = 'light' | 'dark';

const LOCALE_KEY = 'xl.locale';
const THEME_KEY = 'xl.theme';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string) {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* private mode: keep the choice for this page only */
  }
}

export function currentLocale(): Locale {
  return read(LOCALE_KEY) === 'en-US' ? 'en-US' : 'zh-CN';
}

function initialTheme(): ThemeMode {
  return read(THEME_KEY) === 'dark' ? 'dark' : 'light';
}

/** Only known keys: a typo or a key without a translation fails the type check. */
export type TFunction = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Translation outside React (HTTP layer messages). */
export function tNow(key: MessageKey, vars?: Record<string, string | number>): string {
  return translate(dictionaries[currentLocale()], key, vars, zhCN);
}

interface PreferencesValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  theme: ThemeMode;
  setTheme: (theme: ThemeMode) => void;
  t: TFunction;
  /** A menu's title in the current language (server titles are Chinese). */
  menuTitle: (path: string | null | undefined, title: string) => string;
}

const PreferencesContext = createContext<PreferencesValue | null>(null);

export function PreferencesProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(currentLocale);
  const [theme, setThemeState] = useState<ThemeMode>(initialTheme);

  useEffect(() => {
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);

  const setLocale = useCallback((next: Locale) => {
    write(LOCALE_KEY, next);
    setLocaleState(next);
  }, []);
  const setTheme = useCallback((next: ThemeMode) => {
    write(THEME_KEY, next);
    setThemeState(next);
  }, []);

  const value = useMemo<PreferencesValue>(() => {
    const dict = dictionaries[locale];
    return {
      locale,
      setLocale,
      theme,
      setTheme,
      t: (key, vars) => translate(dict, key, vars, zhCN),
      menuTitle: (path, title) => (locale === 'en-US' && path && menuTitlesEn[path]) || title,
    };
  }, [locale, theme, setLocale, setTheme]);

  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): PreferencesValue {
  const value = useContext(PreferencesContext);
  if (!value) throw new Error('usePreferences outside <PreferencesProvider>');
  return value;
}

export function useT(): TFunction {
  return usePreferences().t;
}
