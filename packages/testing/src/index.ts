export * from './database.js';
export * from './keys.js';
export * from './redis.js';
