export * from './database.js';
export * from './keys.js';
export * from './ports.js';
export * from './redis.js';
