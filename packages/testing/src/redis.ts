import { randomBytes } from 'node:crypto';

export function testRedisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** A key prefix no other test file shares, so files run in parallel against one Redis. */
export function uniqueKeyPrefix(label = 't'): string {
  return `test:${label}:${process.pid}:${randomBytes(3).toString('hex')}:`;
}
