// The API docs page's own strings and test ids (the browser test imports the ids).
import type { Locale } from '../../i18n/messages.js';

export const API_DOCS_IDS = {
  page: 'api-docs-page',
  search: 'api-docs-search',
  count: 'api-docs-count',
  frame: 'api-docs-frame',
  unavailable: 'api-docs-unavailable',
  error: 'api-docs-error',
} as const;

interface Strings {
  title: string;
  search: string;
  loading: string;
  total: (n: number) => string;
  matched: (n: number, total: number) => string;
  hint: string;
  unavailable: (services: string) => string;
  forbidden: string;
  failed: (detail: string) => string;
  frameTitle: string;
}

export const STRINGS: Record<Locale, Strings> = {
  'zh-CN': {
    title: 'API 文档',
    search: '搜索路径、说明、权限或服务，如 vector:manage',
    loading: '加载中…',
    total: (n) => `共 ${n} 个接口`,
    matched: (n, total) => `匹配 ${n} / ${total} 个接口`,
    hint: '展开接口后点 “Try it out” 即可试调用：请求以当前登录用户的身份发出，返回网关信封 { code, msg, data }；没有该接口的权限时返回信封 code 403。',
    unavailable: (services) => `以下服务暂不可用，其接口未列出：${services}`,
    forbidden: '没有查看 API 文档的权限（api:view）',
    failed: (detail) => `文档加载失败：${detail}`,
    frameTitle: 'API 文档',
  },
  'en-US': {
    title: 'API docs',
    search: 'Search path, summary, permission or service, e.g. vector:manage',
    loading: 'Loading…',
    total: (n) => `${n} operations`,
    matched: (n, total) => `${n} of ${total} operations`,
    hint: 'Expand an operation and press “Try it out”: calls are made as the signed-in user and answer with the gateway envelope { code, msg, data }; without the permission the envelope has code 403.',
    unavailable: (services) => `Unavailable services, not listed: ${services}`,
    forbidden: 'You may not view the API docs (api:view)',
    failed: (detail) => `The document could not be loaded: ${detail}`,
    frameTitle: 'API docs',
  },
};
