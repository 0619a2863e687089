export * from './database.js';
export * from './keys.js';
export * from './ports.js';
export * from './processes.js';
export * from './redis.js';
