import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { Type } from 'typebox';
import { ConfigError, DatabaseConfig, PemString, loadConfig, platformConfig } from '../src/index.js';
import { testKeys } from '@app/testing';

const Schema = Type.Object({ ...platformConfig('projects'), ...DatabaseConfig, EXTRA: Type.Optional(PemString('a key')) });
const good = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_PUBLIC_KEY: testKeys().publicKey,
  INTERNAL_TOKEN: 'x'.repeat(32),
  AUTH_URL: 'http://127.0.0.1:3001',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
};

t.test('valid env: coerced numbers and defaults', async (t) => {
  const config = loadConfig(Schema, { ...good, PORT: '4100' });
  t.equal(config.PORT, 4100);
  t.equal(config.HOST, '0.0.0.0');
  t.equal(config.LOG_LEVEL, 'info');
});

t.test('every missing or malformed variable is named at once', async (t) => {
  const err = t.throws(() =>
    loadConfig(Schema, { ...good, DATABASE_URL: undefined, REDIS_URL: 'http://nope', PORT: 'eighty', JWT_PUBLIC_KEY: 'not a pem' }),
  ) as unknown as ConfigError;
  t.type(err, ConfigError);
  const text = err.message;
  t.match(text, /DATABASE_URL is required/);
  t.match(text, /REDIS_URL is malformed \(redis:\/\/host:port\)/);
  t.match(text, /PORT /);
  t.match(text, /JWT_PUBLIC_KEY is malformed/);
  t.notMatch(text, /INTERNAL_TOKEN/, 'valid variables are not reported');
});

t.test('secrets have no defaults', async (t) => {
  const err = t.throws(() => loadConfig(Schema, { ...good, INTERNAL_TOKEN: undefined })) as unknown as ConfigError;
  t.match(err.message, /INTERNAL_TOKEN is required/);
  const short = t.throws(() => loadConfig(Schema, { ...good, INTERNAL_TOKEN: 'short' })) as unknown as ConfigError;
  t.match(short.message, /INTERNAL_TOKEN/);
});

t.test('<NAME>_FILE reads a mounted secret; an unreadable file is named', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  writeFileSync(join(dir, 'pub.pem'), testKeys().publicKey);
  const config = loadConfig(Schema, { ...good, JWT_PUBLIC_KEY: undefined, JWT_PUBLIC_KEY_FILE: join(dir, 'pub.pem') });
  t.match(config.JWT_PUBLIC_KEY, /BEGIN PUBLIC KEY/);
  const err = t.throws(() => loadConfig(Schema, { ...good, JWT_PUBLIC_KEY: undefined, JWT_PUBLIC_KEY_FILE: join(dir, 'absent') })) as unknown as ConfigError;
  t.match(err.message, /JWT_PUBLIC_KEY_FILE: cannot read .*absent \(ENOENT\)/);
});
