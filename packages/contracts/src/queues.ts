import { Type, type Static } from 'typebox';
import { GENERATION_STATUSES } from './statuses.js';

/** BullMQ queue names. One place so producers and consumers cannot drift apart. */
export const QUEUES = {
  generationLogs: 'generation-logs',
  exports: 'exports',
  vectorBuild: 'vector-build',
  vectorSync: 'vector-sync',
  audit: 'audit-logs',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Redis pub/sub channels for cache invalidation across replicas. */
export const CHANNELS = {
  ipRulesChanged: 'xl:ip-rules:changed',
  rolesChanged: 'xl:roles:changed',
  tokensRevoked: 'xl:tokens:revoked',
} as const;

/** Redis keys of the revocation markers every verifier consults. */
export const REVOCATION_KEYS = {
  jti: (jti: string) => `xl:revoked:jti:${jti}`,
  /** Unix seconds: tokens of this user issued at or before it are invalid. */
  user: (userId: number | string) => `xl:revoked:user:${userId}`,
  /** Unix seconds until which every access token of this login session (claim `fid`) is invalid. */
  family: (familyId: string) => `xl:revoked:fid:${familyId}`,
} as const;

const [RUNNING, SUCCESS, FAILED] = GENERATION_STATUSES;
export const GenerationStatus = Type.Union([Type.Literal(RUNNING), Type.Literal(SUCCESS), Type.Literal(FAILED)]);

/** Published by the comfy-orchestrator for every prompt; idempotent on promptId. */
export const GenerationLogJobSchema = Type.Object({
  promptId: Type.String({ minLength: 1 }),
  userId: Type.Integer(),
  projectId: Type.Integer(),
  serviceId: Type.String(),
  status: GenerationStatus,
  timestamp: Type.String({ format: 'date-time' }),
  durationMs: Type.Optional(Type.Integer({ minimum: 0 })),
  outputCount: Type.Optional(Type.Integer({ minimum: 0 })),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type GenerationLogJob = Static<typeof GenerationLogJobSchema>;

export const ExportJobSchema = Type.Object({
  taskId: Type.String(),
  userId: Type.Integer(),
  allUsers: Type.Boolean(),
  filters: Type.Object({
    start: Type.Optional(Type.String()),
    end: Type.Optional(Type.String()),
    projectId: Type.Optional(Type.Integer()),
    userId: Type.Optional(Type.Integer()),
    status: Type.Optional(GenerationStatus),
  }),
});
export type ExportJob = Static<typeof ExportJobSchema>;

/** Written by the gateway for every mutating request, stored by the auth service in xl_system_logs. */
export const AuditJobSchema = Type.Object({
  userId: Type.Union([Type.Integer(), Type.Null()]),
  ip: Type.String(),
  method: Type.String(),
  path: Type.String(),
  route: Type.String(),
  status: Type.Integer(),
  durationMs: Type.Number(),
  requestId: Type.String(),
  at: Type.String({ format: 'date-time' }),
  /** Scrubbed query and body: never passwords, tokens or secrets. */
  detail: Type.Optional(Type.Unknown()),
});
export type AuditJob = Static<typeof AuditJobSchema>;

export const VectorBuildJobSchema = Type.Object({ taskId: Type.String(), vectorId: Type.Integer() });
export type VectorBuildJob = Static<typeof VectorBuildJobSchema>;

export const VectorSyncJobSchema = Type.Object({ taskId: Type.Optional(Type.String()), vectorId: Type.Integer() });
export type VectorSyncJob = Static<typeof VectorSyncJobSchema>;

/** Each queue's job payload: producers and consumers validate against it (service-kit's openQueue / openWorker). */
export const QUEUE_PAYLOADS = {
  [QUEUES.generationLogs]: GenerationLogJobSchema,
  [QUEUES.exports]: ExportJobSchema,
  [QUEUES.vectorBuild]: VectorBuildJobSchema,
  [QUEUES.vectorSync]: VectorSyncJobSchema,
  [QUEUES.audit]: AuditJobSchema,
} as const satisfies Record<QueueName, unknown>;
export type QueuePayload<N extends QueueName> = Static<(typeof QUEUE_PAYLOADS)[N]>;

export const TASK_TYPES = ['export', 'vector_build', 'vector_sync'] as const;
export type TaskType = (typeof TASK_TYPES)[number];
export { TASK_STATUSES, type TaskStatus } from './statuses.js';
