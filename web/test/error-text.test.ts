// What the console shows for a failed call, in each language (lib/error-text.ts): the English console
// translates the errorKey, the Chinese one keeps the server's specific msg.
import t, { type Test } from 'tap';
import { readEnvelope } from '../src/lib/envelope.js';
import { errorText } from '../src/lib/error-text.js';

/** A failure as the console reads it from an error envelope. */
const failure = (status: number, msg: string, errorKey?: string) =>
  readEnvelope(status, { code: status, msg, message: msg, data: null, ...(errorKey ? { errorKey } : {}) });

/** Both languages of one failure: the English console translates the key, the Chinese one keeps the msg. */
function readsAs(t: Test, [status, msg, errorKey]: [number, string, string], english: string) {
  const read = failure(status, msg, errorKey);
  t.equal(errorText(read, 'en-US'), english, `${errorKey} in English`);
  t.equal(errorText(read, 'zh-CN'), msg, `${errorKey} in Chinese: the server’s own sentence`);
}

t.test('a wrong password and a wrong captcha', async (t) => {
  readsAs(t, [400, '用户名或密码错误', 'AUTH_BAD_CREDENTIALS'], 'Incorrect username or password');
  readsAs(t, [400, '验证码无效或已使用，请刷新', 'AUTH_CAPTCHA_INVALID'], 'Incorrect captcha, please try again');
});

t.test('the Chinese console keeps the server’s specific msg of a generic key', async (t) => {
  readsAs(t, [404, '菜单不存在', 'KIT_NOT_FOUND'], 'The requested resource does not exist');
  readsAs(t, [429, '登录失败次数过多，请 15 分钟后再试', 'GATEWAY_LOGIN_LOCKED'], 'Too many failed sign-in attempts, please try again later');
});

t.test('services’ own keys read well in English', async (t) => {
  t.equal(errorText(failure(409, '项目编号已存在', 'PROJ_CODE_TAKEN'), 'en-US'), 'A project with this code already exists');
  t.equal(errorText(failure(400, '原密码错误', 'AUTH_OLD_PASSWORD_WRONG'), 'en-US'), 'The current password is incorrect');
  t.equal(errorText(failure(409, '角色使用中（3 个用户），不能删除', 'AUTH_ROLE_IN_USE'), 'zh-CN'), '角色使用中（3 个用户），不能删除');
});

t.test('a validation failure quotes its field, which the server names in English', async (t) => {
  const invalid = failure(400, 'body.username is required', 'VALIDATION_FAILED');
  t.equal(errorText(invalid, 'en-US'), 'Invalid input: body.username is required');
  t.equal(errorText(invalid, 'zh-CN'), 'body.username is required');
});

t.test('a key this console does not know falls back to the server’s msg', async (t) => {
  const newer = failure(409, '向量集合已存在', 'VEC_COLLECTION_TAKEN');
  t.equal(errorText(newer, 'en-US'), '向量集合已存在');
  t.equal(errorText(newer, 'zh-CN'), '向量集合已存在');
  t.equal(errorText({ code: 409, msg: '', errorKey: 'VEC_COLLECTION_TAKEN' }, 'en-US'), 'This conflicts with existing data', 'no msg either: the status’s text');
});

t.test('without a msg, the Chinese console uses the catalogue', async (t) => {
  t.equal(errorText({ code: 400, msg: '', errorKey: 'AUTH_CAPTCHA_REQUIRED' }, 'zh-CN'), '请输入验证码');
  t.equal(errorText({ code: 418 }, 'zh-CN'), '请求参数错误', 'no key, no msg: the status’s generic key');
});

t.test('a failure without a key is read by its status; no answer at all is a network error', async (t) => {
  const proxy = readEnvelope(502, undefined);
  t.equal(errorText(proxy, 'en-US'), 'Internal server error');
  t.equal(errorText(proxy, 'zh-CN'), '网关错误');
  t.equal(errorText(failure(403, '权限不足'), 'en-US'), 'Permission denied');
  t.equal(errorText(readEnvelope(0, undefined), 'en-US'), 'Network error, please check your connection');
  t.equal(errorText(readEnvelope(0, undefined), 'zh-CN'), '网络错误，请检查网络连接');
});
