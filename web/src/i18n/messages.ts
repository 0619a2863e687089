/**
 * The console's own strings, zh-CN and en-US, one file per area in catalogue/. The Chinese catalogue is the
 * reference: its keys are `MessageKey`, each area's English one must have exactly the same keys (a missing or
 * extra translation fails the type check), and `t()` accepts only a `MessageKey`. Menu titles come from the
 * server (Chinese); `menuTitlesEn` gives their English names for the pages this console knows.
 */
import { authEn, authZh } from './catalogue/auth.js';
import { errorsEn, errorsZh } from './catalogue/errors.js';
import { kbEn, kbZh } from './catalogue/kb.js';
import { profileEn, profileZh } from './catalogue/profile.js';
import { searchEn, searchZh } from './catalogue/search.js';
import { settingsEn, settingsZh } from './catalogue/settings.js';
import { shellEn, shellZh } from './catalogue/shell.js';
import { statsEn, statsZh } from './catalogue/stats.js';
import { toolsEn, toolsZh } from './catalogue/tools.js';
import { vectorsEn, vectorsZh } from './catalogue/vectors.js';
import { workbenchEn, workbenchZh } from './catalogue/workbench.js';

export type Locale = 'zh-CN' | 'en-US';

const zh = { ...shellZh, ...authZh, ...errorsZh, ...profileZh, ...settingsZh, ...workbenchZh, ...statsZh, ...vectorsZh, ...searchZh, ...toolsZh, ...kbZh };

/** A key of the console's strings. */
export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = { ...shellEn, ...authEn, ...errorsEn, ...profileEn, ...settingsEn, ...workbenchEn, ...statsEn, ...vectorsEn, ...searchEn, ...toolsEn, ...kbEn };

/** A catalogue read by a key known only at run time (an envelope's errorKey, a test's scan of the source). */
export type Dictionary = Readonly<Record<string, string>>;

export const zhCN: Dictionary = zh;
export const enUS: Dictionary = en;
export const dictionaries: Record<Locale, Dictionary> = { 'zh-CN': zhCN, 'en-US': enUS };

/** The catalogue entry that translates an envelope's `errorKey` (a run-time key: read it from a `Dictionary`). */
export const errorEntry = (errorKey: string): `error.${string}` => `error.${errorKey}`;

/** English names of the menus this console knows, keyed by path; other menus keep the server's title. */
export const menuTitlesEn: Record<string, string> = {
  '/dashboard': 'Dashboard',
  '/workbench': 'Workbench',
  '/workbench/instances': 'ComfyUI instances',
  '/stats': 'Statistics',
  '/monitor': 'Server monitor',
  '/vector': 'Vectors',
  '/vector-search': 'Vector search',
  '/kb': 'Knowledge base',
  '/kb/config': 'KB configuration',
  '/kb/retrieval': 'KB retrieval',
  '/tools': 'Tools',
  '/tools/llm-clean': 'LLM output cleaner',
  '/api-docs': 'API docs',
  '/settings': 'Settings',
  '/settings/menus': 'Menus',
  '/settings/roles': 'Roles',
  '/settings/users': 'Users',
  '/settings/security': 'IP security',
  '/settings/logs': 'System logs',
  '/profile': 'Profile',
};
