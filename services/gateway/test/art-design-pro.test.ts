// art-design-pro as the console, through the real gateway, in both API_ERROR_STATUS modes: its boot (login with
// `{ userName, password }`, user info and menus with the raw token), its user and role lists with its search
// parameters, and what its user is shown when something fails. Its client is restated below from repository
// Daymychen/art-design-pro at commit f3aaf58eec1a0e988f162352c33862327a484f95 (main, 2026-06-01):
//   src/utils/http/index.ts   axios instance (validateStatus 2xx, JSON parsed only for application/json),
//                             request interceptor (raw token), response interceptor (code/msg), request()
//   src/utils/http/error.ts   handleError: non-2xx → a fixed text per status, the body's msg never shown
//   src/utils/http/status.ts  ApiStatus
//   src/locales/langs/zh.json httpMsg texts
//   src/types/api/api.d.ts    Api.Auth.*, Api.Common.PaginatedResponse, Api.SystemManage.*
//   src/api/auth.ts, src/api/system-manage.ts  the calls; src/views/system/{user,role} their default params
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { until } from '@app/testing';
import { ADMIN_PASSWORD, startPlatform, type Platform } from './platform.js';

// ---- art-design-pro, restated -------------------------------------------------------------------------

/** src/types/api/api.d.ts (its global `Api` namespace; here local to this file) */
declare namespace Api {
  namespace Common {
    interface PaginatedResponse<T> {
      records: T[];
      current: number;
      size: number;
      total: number;
    }
  }
  namespace Auth {
    interface LoginParams {
      userName: string;
      password: string;
    }
    interface LoginResponse {
      token: string;
      refreshToken: string;
    }
    interface UserInfo {
      buttons: string[];
      roles: string[];
      userId: number;
      userName: string;
      email: string;
      avatar?: string;
    }
  }
  namespace SystemManage {
    interface UserListItem {
      id: number;
      avatar: string;
      status: string;
      userName: string;
      userGender: string;
      nickName: string;
      userPhone: string;
      userEmail: string;
      userRoles: string[];
      createBy: string;
      createTime: string;
      updateBy: string;
      updateTime: string;
    }
    type UserSearchParams = Partial<
      Pick<UserListItem, 'id' | 'userName' | 'userGender' | 'userPhone' | 'userEmail' | 'status'> & { current: number; size: number }
    >;
    interface RoleListItem {
      roleId: number;
      roleName: string;
      roleCode: string;
      description: string;
      enabled: boolean;
      createTime: string;
    }
    type RoleSearchParams = Partial<
      Pick<RoleListItem, 'roleId' | 'roleName' | 'roleCode' | 'description' | 'enabled'> & { current: number; size: number } & {
        startTime: string | null;
        endTime: string | null;
      }
    >;
  }
}

/** src/utils/http/status.ts (the codes the client names) */
const ApiStatus = { success: 200, error: 400, unauthorized: 401 } as const;

/** src/locales/langs/zh.json `httpMsg`, and error.ts getErrorMessage's status → text map */
const httpMsg = {
  unauthorized: '未授权访问，请重新登录',
  forbidden: '禁止访问该资源',
  notFound: '请求的资源不存在',
  methodNotAllowed: '请求方法不允许',
  requestTimeout: '请求超时，请稍后重试',
  internalServerError: '服务器内部错误，请稍后重试',
  badGateway: '网关错误，请稍后重试',
  serviceUnavailable: '服务暂时不可用，请稍后重试',
  gatewayTimeout: '网关超时，请稍后重试',
  networkError: '网络连接异常，请检查网络连接',
  requestFailed: '请求失败',
};
const STATUS_TEXT: Record<number, string> = {
  401: httpMsg.unauthorized,
  403: httpMsg.forbidden,
  404: httpMsg.notFound,
  405: httpMsg.methodNotAllowed,
  408: httpMsg.requestTimeout,
  500: httpMsg.internalServerError,
  502: httpMsg.badGateway,
  503: httpMsg.serviceUnavailable,
  504: httpMsg.gatewayTimeout,
};

/** error.ts HttpError */
class HttpError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/**
 * index.ts `api` + `request()` with its interceptors, MAX_RETRIES = 0. `shown` collects what ElMessage.error
 * would show; `loggedOut` is set where its handleUnauthorizedError calls userStore.logOut().
 */
function artDesignPro(baseURL: string) {
  const state = { accessToken: '', shown: [] as string[], loggedOut: false };

  function handleUnauthorizedError(message?: string): never {
    const error = new HttpError(message || httpMsg.unauthorized, ApiStatus.unauthorized);
    state.loggedOut = true;
    state.accessToken = '';
    throw error;
  }

  async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', config: { url: string; params?: object; data?: object }): Promise<T> {
    let { params, data } = config;
    if ((method === 'POST' || method === 'PUT') && params && !data) [data, params] = [params, undefined];
    // axios drops undefined and null params
    const query = new URLSearchParams(
      Object.entries(params ?? {})
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => [k, String(v)]),
    ).toString();
    const headers: Record<string, string> = {};
    if (state.accessToken) headers.Authorization = state.accessToken; // raw, no "Bearer "
    if (data) headers['Content-Type'] = 'application/json';
    try {
      let response: Response;
      try {
        response = await fetch(`${baseURL}${config.url}${query ? `?${query}` : ''}`, { method, headers, body: data ? JSON.stringify(data) : undefined });
      } catch {
        throw new HttpError(httpMsg.networkError, ApiStatus.error);
      }
      const text = await response.text();
      // transformResponse: JSON only when the content-type says so
      let body: unknown = text;
      if (response.headers.get('content-type')?.includes('application/json')) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      if (response.status >= 200 && response.status < 300) {
        // the response interceptor's success path
        const { code, msg } = (body ?? {}) as { code?: number; msg?: string };
        if (code === ApiStatus.success) return (body as { data: T }).data;
        if (code === ApiStatus.unauthorized) handleUnauthorizedError(msg);
        throw new HttpError(msg || httpMsg.requestFailed, code as number);
      }
      // its error path: 401 logs out; every status gets a fixed text, the body's msg is not read
      if (response.status === ApiStatus.unauthorized) handleUnauthorizedError();
      throw new HttpError(STATUS_TEXT[response.status] ?? httpMsg.internalServerError, response.status);
    } catch (error) {
      // request(): every HttpError is shown (handleUnauthorizedError shows its own, once)
      if (error instanceof HttpError) state.shown.push(error.message);
      throw error;
    }
  }

  return {
    state,
    /** src/api/auth.ts fetchLogin, then what its login page keeps */
    async login(params: Api.Auth.LoginParams) {
      const { token, refreshToken } = await request<Api.Auth.LoginResponse>('POST', { url: '/api/auth/login', params });
      if (!token) throw new Error('Login failed - no token received');
      state.accessToken = token;
      state.loggedOut = false;
      return { token, refreshToken };
    },
    fetchGetUserInfo: () => request<Api.Auth.UserInfo>('GET', { url: '/api/user/info' }),
    fetchGetMenuList: () => request<{ path: string; component?: string }[]>('GET', { url: '/api/v3/system/menus' }),
    fetchGetUserList: (params: Api.SystemManage.UserSearchParams) =>
      request<Api.Common.PaginatedResponse<Api.SystemManage.UserListItem>>('GET', { url: '/api/user/list', params }),
    fetchGetRoleList: (params: Api.SystemManage.RoleSearchParams) =>
      request<Api.Common.PaginatedResponse<Api.SystemManage.RoleListItem>>('GET', { url: '/api/role/list', params }),
    request,
  };
}

// ---- its types, checked at run time --------------------------------------------------------------------

type Kind<T> = T extends boolean ? 'boolean' : T extends number ? 'number' : T extends string ? 'string' : T extends string[] ? 'string[]' : never;
/** Every field of T with its kind; an optional one ends in '?'. The compiler holds it to the restated type. */
type Shape<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? `${Kind<NonNullable<T[K]>>}?` : Kind<T[K]> };

const LOGIN_RESPONSE: Shape<Api.Auth.LoginResponse> = { token: 'string', refreshToken: 'string' };
const USER_INFO: Shape<Api.Auth.UserInfo> = { buttons: 'string[]', roles: 'string[]', userId: 'number', userName: 'string', email: 'string', avatar: 'string?' };
const USER_LIST_ITEM: Shape<Api.SystemManage.UserListItem> = {
  id: 'number',
  avatar: 'string',
  status: 'string',
  userName: 'string',
  userGender: 'string',
  nickName: 'string',
  userPhone: 'string',
  userEmail: 'string',
  userRoles: 'string[]',
  createBy: 'string',
  createTime: 'string',
  updateBy: 'string',
  updateTime: 'string',
};
const ROLE_LIST_ITEM: Shape<Api.SystemManage.RoleListItem> = {
  roleId: 'number',
  roleName: 'string',
  roleCode: 'string',
  description: 'string',
  enabled: 'boolean',
  createTime: 'string',
};
const PAGE: Shape<Omit<Api.Common.PaginatedResponse<unknown>, 'records'>> = { current: 'number', size: 'number', total: 'number' };

/** What in `value` its type would not accept: a missing field, a field of another kind, null included. */
function mismatches(value: unknown, shape: Record<string, string>, where: string): string[] {
  if (typeof value !== 'object' || value === null) return [`${where}: not an object`];
  const record = value as Record<string, unknown>;
  return Object.entries(shape).flatMap(([field, kind]) => {
    const optional = kind.endsWith('?');
    const v = record[field];
    if (v === undefined) return optional ? [] : [`${where}.${field}: missing`];
    const base = kind.replace('?', '');
    const ok = base === 'string[]' ? Array.isArray(v) && v.every((x) => typeof x === 'string') : typeof v === base;
    return ok ? [] : [`${where}.${field}: ${JSON.stringify(v)} is not ${base}`];
  });
}
const pageMismatches = (page: Api.Common.PaginatedResponse<unknown>, item: Record<string, string>, where: string) => [
  ...mismatches(page, PAGE, where),
  ...(Array.isArray(page.records) ? page.records.flatMap((r, i) => mismatches(r, item, `${where}.records[${i}]`)) : [`${where}.records: not an array`]),
];

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

// ---- the tests -----------------------------------------------------------------------------------------

const SETTINGS = { AUTH_CAPTCHA: 'off', ACCESS_TOKEN_TTL_SEC: '28800', PLATFORM_TIMEZONE: 'Asia/Shanghai' };

for (const mode of ['mirror', 'ok'] as const) {
  t.test(`API_ERROR_STATUS=${mode}: login → user info → menus → user and role lists, as art-design-pro does them`, async (t) => {
    const p = await startPlatform(t, { backends: [], env: { ...SETTINGS, API_ERROR_STATUS: mode } });
    await p.createUser('carol', 'editor', 'Carol-pass-123');
    await p.auth.db.user.update({ where: { username: 'carol' }, data: { gender: 'female', phone: '13900001111', status: 0 } });
    const adp = artDesignPro(p.url);

    const session = await adp.login({ userName: 'admin', password: ADMIN_PASSWORD });
    t.same(mismatches(session, LOGIN_RESPONSE, 'LoginResponse'), []);
    const info = await adp.fetchGetUserInfo();
    t.same(mismatches(info, USER_INFO, 'UserInfo'), []);
    t.match(info, { userName: 'admin', roles: ['admin'] });
    const menus = await adp.fetchGetMenuList();
    t.ok(menus.length > 0 && menus.every((m) => m.component === '/index/index' || m.path.startsWith('/')), 'its route list');

    // src/views/system/user: current=1, size=20 and its search form's default status '1'
    const users = await adp.fetchGetUserList({ current: 1, size: 20, status: '1' });
    t.same(pageMismatches(users, USER_LIST_ITEM, 'UserList'), []);
    t.same(users.records.map((u) => u.userName), ['admin'], 'the first page: enabled accounts');
    t.match(users.records[0].createTime, LOCAL_TIME);
    const disabled = await adp.fetchGetUserList({ current: 1, size: 20, status: '4', userGender: '2', userPhone: '1111', userName: 'car', userEmail: undefined });
    t.match(disabled.records, [{ userName: 'carol', status: '4', userGender: '女', userPhone: '13900001111', userRoles: ['editor'] }]);
    t.same((await adp.fetchGetUserList({ current: 1, size: 20, status: '2' })).records, [], "'2' 离线: none");

    // src/views/system/role: current=1, size=20; its date range as startTime/endTime days
    const roles = await adp.fetchGetRoleList({ current: 1, size: 20, startTime: null, endTime: null });
    t.same(pageMismatches(roles, ROLE_LIST_ITEM, 'RoleList'), []);
    t.same(roles.records.map((r) => r.roleCode).sort(), ['admin', 'editor', 'user', 'viewer']);
    t.match(roles.records[0].createTime, LOCAL_TIME);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const searched = await adp.fetchGetRoleList({ current: 1, size: 20, roleCode: 'ed', enabled: true, startTime: '2020-01-01', endTime: today });
    t.same(searched.records.map((r) => r.roleCode), ['editor']);
    t.same((await adp.fetchGetRoleList({ current: 1, size: 20, enabled: false })).records, []);
    t.same(adp.state.shown, [], 'nothing failed, nothing shown');
    t.equal(adp.state.loggedOut, false);

    // A token that is no longer valid: its 401 handling logs the user out, in both modes.
    await p.fetch('/api/auth/logout', { method: 'POST', headers: { authorization: session.token } });
    await t.rejects(adp.fetchGetUserList({ current: 1, size: 20 }), { code: 401 });
    t.equal(adp.state.loggedOut, true, 'logged out on 401');
  });

  t.test(`API_ERROR_STATUS=${mode}: what its user is shown for a wrong password and a refused page`, async (t) => {
    const p = await startPlatform(t, { backends: [], env: { ...SETTINGS, API_ERROR_STATUS: mode } });
    await p.createUser('vera', 'viewer', 'Vera-pass-123');
    const adp = artDesignPro(p.url);

    await t.rejects(adp.login({ userName: 'admin', password: 'wrong-pass-1' }));
    await adp.login({ userName: 'vera', password: 'Vera-pass-123' });
    await t.rejects(adp.fetchGetUserList({ current: 1, size: 20, status: '1' }), { code: 403 });
    const [password, forbidden] = adp.state.shown;
    if (mode === 'ok') {
      t.equal(password, '用户名或密码错误', 'the server’s own message reaches the user');
      t.equal(forbidden, '权限不足');
    } else {
      t.equal(password, httpMsg.internalServerError, 'mirror: a 400 is shown as its generic 500 text');
      t.equal(forbidden, httpMsg.forbidden, 'mirror: its fixed 403 text');
    }
    t.equal(adp.state.loggedOut, false, 'a 403 keeps the session');

    // curl's view: real statuses in mirror mode, 200 + the code in the body in ok mode
    const raw = await p.fetch('/api/auth/login', { method: 'POST', body: JSON.stringify({ userName: 'admin', password: 'wrong-pass-1' }) });
    t.equal(raw.status, mode === 'ok' ? 200 : 400);
    t.match(await raw.json(), { code: 400, msg: '用户名或密码错误', message: '用户名或密码错误', errorKey: 'AUTH_BAD_CREDENTIALS', data: null });
  });
}

t.test('API_ERROR_STATUS=ok: every /api answer of the gateway or a service is 200 with its code; the rest keep real statuses', async (t) => {
  const p = await startPlatform(t, {
    backends: ['projects', 'stats'],
    env: {
      ...SETTINGS,
      API_ERROR_STATUS: 'ok',
      RATE_LIMIT_CAPTCHA_PER_MIN: '2',
      LOGIN_MAX_FAILURES_PER_USER: '3',
      EXPORT_WAIT_MS: '0',
      EXPORT_DIR: join(mkdtempSync(join(tmpdir(), 'adp-exports-')), 'exports'),
    },
  });
  const token = await tokenOf(p, 'admin', ADMIN_PASSWORD);
  await p.createUser('vera', 'viewer', 'Vera-pass-123');
  const viewer = await tokenOf(p, 'vera', 'Vera-pass-123');
  const answer = async (res: Response) => ({ status: res.status, body: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text() });

  const cases: [string, Promise<Response>, number, string?][] = [
    ['guard: no token', p.fetch('/api/user/list'), 401, 'KIT_UNAUTHORIZED'],
    ['guard: bad token', p.fetch('/api/user/list', { token: 'not-a-token' }), 401, 'KIT_UNAUTHORIZED'],
    ['guard: permission', p.fetch('/api/user/list', { token: viewer }), 403, 'KIT_FORBIDDEN'],
    ['gateway: unknown route', p.fetch('/api/not-a-route', { token }), 404, 'KIT_NOT_FOUND'],
    ['service: validation', p.fetch('/api/role/list?enabled=maybe', { token }), 400, 'VALIDATION_FAILED'],
    ['service: conflict', p.fetch('/api/settings/roles', { method: 'POST', token, body: JSON.stringify({ roleKey: 'editor', name: 'x', permissions: [] }) }), 409],
    ['gateway: upstream down', p.fetch('/api/vectors', { token }), 503, 'KIT_SERVICE_UNAVAILABLE'],
  ];
  for (const [name, response, code, errorKey] of cases) {
    const { status, body } = await answer(await response);
    t.equal(status, 200, `${name}: HTTP 200`);
    t.match(body, { code, msg: String, data: null, ...(errorKey ? { errorKey } : {}) }, `${name}: code ${code} in the body`);
  }

  // The captcha's per-IP limit, counted by the gateway: the third request in a minute is refused.
  const limited = [];
  for (let i = 0; i < 3; i++) limited.push(await answer(await p.fetch('/api/auth/captcha', { ip: '10.90.0.1' })));
  t.match(limited[2], { status: 200, body: { code: 429, errorKey: 'KIT_TOO_MANY_REQUESTS' } }, 'rate limit: 429 in the body');

  // The login guard still sees the real 400s behind the 200s: three wrong passwords lock the username.
  for (let i = 0; i < 3; i++) {
    const wrong = await p.fetch('/api/auth/login', { method: 'POST', ip: `10.91.0.${i}`, body: JSON.stringify({ userName: 'vera', password: 'wrong-pass-1' }) });
    t.match(await answer(wrong), { status: 200, body: { code: 400, errorKey: 'AUTH_BAD_CREDENTIALS' } });
  }
  const locked = await p.fetch('/api/auth/login', { method: 'POST', ip: '10.91.1.1', body: JSON.stringify({ userName: 'vera', password: 'Vera-pass-123' }) });
  t.match(await answer(locked), { status: 200, body: { code: 429, errorKey: 'GATEWAY_LOGIN_LOCKED' } }, 'the login guard counted them');

  // Successes other than 200 say 200 in the body (art-design-pro counts any other code as a failure).
  const created = await answer(await p.fetch('/api/settings/roles', { method: 'POST', token, body: JSON.stringify({ roleKey: 'auditor', name: '审计员', permissions: [] }) }));
  t.match(created, { status: 200, body: { code: 200, msg: 'success', data: { roleKey: 'auditor' } } }, '201 created → code 200');
  const accepted = await answer(await p.fetch('/api/export', { token }));
  t.match(accepted, { status: 200, body: { code: 200, data: { taskId: String } } }, '202 accepted → code 200, the taskId kept');
  const taskId = (accepted.body as { data: { taskId: string } }).data.taskId;
  await until(async () => (await p.fetch(`/api/tasks/${taskId}`, { token })).json(), (task) => task.data?.status === 'completed', 30_000, 'the export');
  const file = await p.fetch(`/api/tasks/${taskId}/download`, { token });
  t.equal(file.status, 200, 'the Excel file is sent as before');
  t.match(file.headers.get('content-type'), /spreadsheetml/);
  t.match(file.headers.get('content-disposition'), /^attachment/);
  t.equal(Buffer.from(await file.arrayBuffer()).subarray(0, 2).toString(), 'PK', 'a zip (xlsx) body, untouched');

  // Not /api: the console's listener outside /api, the services' own ports (and their /internal), the
  // ComfyUI origin and the probes' port keep real statuses.
  t.equal((await p.fetch('/internal/roles/admin')).status, 404, 'the gateway’s /internal');
  t.equal((await p.fetch('/healthz')).status, 200);
  t.equal((await fetch(`${p.env.AUTH_URL}/internal/roles/admin`)).status, 403, 'a service’s /internal without its token');
  t.equal((await fetch(`${p.env.AUTH_URL}/api/user/list`)).status, 401, 'a service’s own port: the setting is the gateway’s');
  t.equal((await p.comfyFetch('/api/user/list')).status, 404, 'the ComfyUI origin serves no /api');
  t.not((await p.comfyFetch('/comfy/1/')).status, 200, 'the ComfyUI origin: a real refusal');
  t.equal((await fetch(`${p.internalUrl}/not-a-probe`)).status, 404, 'the internal port');
  t.equal((await fetch(`${p.internalUrl}/healthz`)).status, 200);
  // The metrics count what happened, not how it was sent.
  const metrics = await (await fetch(`${p.internalUrl}/metrics`)).text();
  t.match(metrics, /status_code="401"/);
  t.match(metrics, /status_code="403"/);
});

async function tokenOf(p: Platform, userName: string, password: string): Promise<string> {
  const res = await p.fetch('/api/auth/login', { method: 'POST', body: JSON.stringify({ userName, password }) });
  const body = await res.json();
  if (body.code !== 200) throw new Error(`login ${userName}: ${JSON.stringify(body)}`);
  return body.data.token;
}
