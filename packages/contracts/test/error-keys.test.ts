// Every errorKey the platform can send (api.md Conventions) is a stable UPPER_SNAKE string and has a text in
// the console's catalogue, in both languages. The keys are collected from the source of every service and
// package, so a key added anywhere fails here until it is listed below and the console translates it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import t from 'tap';
import { STATUS_ERROR_KEYS, errorKeyOfStatus } from '../src/errors.js';
import { enUS, errorEntry, zhCN } from '../../../web/src/i18n/messages.js';

/** Every key the platform sends. Clients translate them: rename one only with the console in the same change. */
const KEYS = [
  // The service kit: one per status (errorKeyOfStatus), a failed validation, a masked 5xx.
  'KIT_BAD_REQUEST', 'KIT_UNAUTHORIZED', 'KIT_FORBIDDEN', 'KIT_NOT_FOUND', 'KIT_CONFLICT', 'KIT_PAYLOAD_TOO_LARGE',
  'KIT_TOO_MANY_REQUESTS', 'KIT_SERVICE_UNAVAILABLE', 'VALIDATION_FAILED', 'INTERNAL',
  // services/gateway/src/errors.ts
  'GATEWAY_LOGIN_LOCKED',
  // services/auth/src/errors.ts
  'AUTH_BAD_CREDENTIALS', 'AUTH_ACCOUNT_DISABLED', 'AUTH_CAPTCHA_REQUIRED', 'AUTH_CAPTCHA_INVALID', 'AUTH_CAPTCHA_EXPIRED',
  'AUTH_REGISTRATION_CLOSED', 'AUTH_PASSWORD_POLICY', 'AUTH_USERNAME_TAKEN', 'AUTH_EMAIL_TAKEN', 'AUTH_OLD_PASSWORD_WRONG',
  'AUTH_PASSWORD_UNCHANGED', 'AUTH_USER_NOT_FOUND', 'AUTH_USER_OUTRANKS', 'AUTH_SELF_DISABLE', 'AUTH_SELF_ROLE_CHANGE',
  'AUTH_SELF_DELETE', 'AUTH_ROLE_NOT_FOUND', 'AUTH_ROLE_KEY_TAKEN', 'AUTH_ROLE_IN_USE', 'AUTH_ROLE_BUILTIN',
  'AUTH_ADMIN_ROLE_DISABLE', 'AUTH_PERMISSION_NOT_HELD',
  // services/projects/src/errors.ts
  'PROJ_NOT_FOUND', 'PROJ_CODE_TAKEN',
  // services/comfy-orchestrator/src/errors.ts
  'COMFY_INSTANCE_NOT_FOUND', 'COMFY_INSTANCE_NOT_RUNNING', 'COMFY_INSTANCE_UNREACHABLE', 'COMFY_LINK_EXPIRED',
  'COMFY_OPEN_FROM_WORKBENCH',
  // services/vectors/src/errors.ts
  'VEC_CONNECTION_NOT_FOUND', 'VEC_CONNECTION_FAILED', 'VEC_CONNECTION_SECRET_UNREADABLE', 'VEC_CONNECTION_IN_USE',
  'VEC_EMBEDDING_UNAVAILABLE', 'VEC_EMBEDDING_REJECTED', 'VEC_EMBEDDING_DIMENSION', 'VEC_EMBEDDING_MODEL_UNKNOWN',
  'VEC_SOURCE_TABLE_NOT_FOUND', 'VEC_SOURCE_FIELD_NOT_FOUND', 'VEC_SOURCE_QUERY_FAILED', 'VEC_PLAN_TABLE_REPEATED',
  'VEC_PLAN_FIELD_OUTSIDE_TABLES', 'VEC_PLAN_JOIN_INVALID', 'VEC_PLAN_JOIN_MISSING', 'VEC_PLAN_NO_PRIMARY_KEY',
  'VEC_PLAN_FIELD_NOT_IN_MAIN_TABLE', 'VEC_PLAN_FIELD_NOT_CHOSEN',
  'VEC_COLLECTION_NOT_FOUND', 'VEC_COLLECTION_TITLE_TAKEN', 'VEC_COLLECTION_BUSY', 'VEC_COLLECTION_NOT_READY', 'VEC_CRON_INVALID', 'VEC_COLLECTION_DISABLED', 'VEC_COLLECTION_BUILDING',
  'VEC_TOOLS_INPUT_TOO_LARGE',
  'KB_NOT_FOUND', 'KB_VECTORS_NOT_FOUND', 'KB_KEY_NOT_FOUND',
  // services/monitor/src/errors.ts
  'MON_TASK_NOT_FOUND', 'MON_NODE_NOT_FOUND', 'MON_SAMPLES_UNAVAILABLE',
];

const root = resolve(import.meta.dirname, '../../..');
const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
/** The codes the kit's error handler passes on as the errorKey (packages/service-kit/src/server.ts OWN_CODE). */
const OWN_CODE = /^(?!FST_|ERR_)[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `src/` of every service and package: what runs in production (tests may define keys of their own). */
const files = ['services', 'packages'].flatMap((group) =>
  readdirSync(join(root, group)).flatMap((name) => {
    const src = join(root, group, name, 'src');
    try {
      return statSync(src).isDirectory() ? sourceFiles(src) : [];
    } catch {
      return [];
    }
  }),
);

/** Where each key is declared: `defineError('KEY'`, or a literal given to an envelope (`errorKey = 'KEY'`, `envelope(…, 'KEY')`). */
const declared = new Map<string, string[]>();
const literal = new Map<string, string[]>();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const where = relative(root, file);
  for (const m of text.matchAll(/\bdefineError\(\s*(['"`])([^'"`]*)\1/g)) declared.set(m[2]!, [...(declared.get(m[2]!) ?? []), where]);
  for (const m of text.matchAll(/\berrorKey\s*(?:=|:|\?\?)\s*(['"`])([^'"`]*)\1|\benvelope\([^;\n]*,\s*(['"`])([^'"`]*)\3\s*\)/g)) {
    const key = m[2] ?? m[4]!;
    literal.set(key, [...(literal.get(key) ?? []), where]);
  }
}
const fromStatus = new Set([...Array.from({ length: 200 }, (_, i) => errorKeyOfStatus(400 + i)), ...Object.values(STATUS_ERROR_KEYS)]);
const collected = [...new Set([...declared.keys(), ...literal.keys(), ...fromStatus])].sort();

t.test('the keys collected from source are the ones listed', async (t) => {
  t.ok(files.length > 50, `read ${files.length} source files`);
  t.ok(declared.has('AUTH_BAD_CREDENTIALS') && literal.has('VALIDATION_FAILED') && literal.has('INTERNAL'), 'the collector finds both kinds of declaration');
  t.same(collected, [...KEYS].sort(), 'a key was added, renamed or removed: update KEYS and the console catalogue (web/src/i18n/messages.ts)');
  t.equal(new Set(KEYS).size, KEYS.length, 'each key listed once');
});

t.test('every key is a stable UPPER_SNAKE string', async (t) => {
  for (const key of collected) t.match(key, UPPER_SNAKE, key);
  // A code the kit would not pass on would silently become its status's generic key.
  for (const [key, where] of declared) t.match(key, OWN_CODE, `${key} (${where.join(', ')}) reaches the envelope as its errorKey`);
});

t.test('each typed error is declared once', async (t) => {
  for (const [key, where] of declared) t.equal(where.length, 1, `${key}: ${where.join(', ')}`);
});

t.test('the console translates every key, in both languages', async (t) => {
  for (const key of collected) {
    t.ok(zhCN[errorEntry(key)]?.trim(), `zh-CN ${key}`);
    t.ok(enUS[errorEntry(key)]?.trim(), `en-US ${key}`);
    t.notMatch(enUS[errorEntry(key)] ?? '', /[\u3000-\u9fff\uff00-\uffef]/, `en-US ${key} has no Chinese`);
  }
  const entries = (dict: Record<string, string>) => Object.keys(dict).filter((k) => k.startsWith(errorEntry(''))).sort();
  t.same(entries(enUS), entries(zhCN), 'the same error entries in both languages');
  t.same(entries(zhCN), collected.map(errorEntry), 'no entry for a key the platform no longer sends');
});
