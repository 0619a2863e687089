export * from './database.js';
export * from './env.js';
export * from './keys.js';
export * from './poll.js';
export * from './ports.js';
export * from './processes.js';
export * from './redis.js';
export * from './redis-server.js';
