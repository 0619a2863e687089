export * from './permissions.js';
export * from './roles.js';
export * from './routes.js';
export * from './queues.js';
export * from './services.js';
export * from './internal.js';
export * from './route-records.js';
export * from './errors.js';
