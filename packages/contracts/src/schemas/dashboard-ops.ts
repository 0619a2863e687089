// The dashboard's operations views served by the monitor (api.md "Monitor"): the health of every part of the
// platform (`GET /api/dashboard/nodes`) and the background tasks with their live queue state
// (`GET /api/dashboard/tasks`, `GET /api/dashboard/tasks/:id`).
import { Type, type Static } from 'typebox';
import { QUEUES, TASK_TYPES } from '../queues.js';
import { Nullable, StringEnum } from '../schema-types.js';
import { JOB_STATES, NODE_KINDS, NODE_STATUSES, TASK_STATUSES } from '../statuses.js';

export { JOB_STATES, NODE_KINDS, NODE_STATUSES, type JobState, type NodeKind, type NodeStatus } from '../statuses.js';

/** One probed component. */
export const NodeHealthSchema = Type.Object({
  /** `auth`, `postgres`, `redis`, `vector-store`, `comfyui:<serviceId>` … unique in one answer */
  name: Type.String(),
  kind: StringEnum(NODE_KINDS),
  status: StringEnum(NODE_STATUSES),
  /** how long the probe took; null when it could not be timed (the component is known only second-hand) */
  latencyMs: Nullable(Type.Integer()),
  /** why it is down or degraded (or what it is, when up); null when there is nothing to say */
  detail: Nullable(Type.String()),
  /** where it answers: `host:port` of its URL, or the host of a ComfyUI instance; null when unknown */
  node: Nullable(Type.String()),
});
export type NodeHealth = Static<typeof NodeHealthSchema>;

/** `GET /api/dashboard/nodes`: one probe round, at most `intervalMs` old. */
export const DashboardNodesSchema = Type.Object({
  /** ISO-8601 time the round started */
  checkedAt: Type.String(),
  /** MONITOR_INTERVAL_MS: answers are cached this long, so polling faster shows nothing new */
  intervalMs: Type.Integer(),
  /** services first (in BACKEND_SERVICES order), then PostgreSQL, Redis, the vector store, ComfyUI instances */
  items: Type.Array(NodeHealthSchema),
});
export type DashboardNodes = Static<typeof DashboardNodesSchema>;

/** A task's job in its queue, read live from Redis. */
export const TaskJobSchema = Type.Object({
  /** the BullMQ queue name (QUEUES) */
  queue: Type.String(),
  state: StringEnum(JOB_STATES),
  /** the job's own progress (0–100; BullMQ starts it at 0); null when the job reports something else than a number */
  progress: Nullable(Type.Number()),
  attemptsMade: Type.Integer(),
});
export type TaskJob = Static<typeof TaskJobSchema>;

/** A background task (xl_tasks) on the dashboard. */
export const DashboardTaskSchema = Type.Object({
  id: Type.String(),
  type: StringEnum(TASK_TYPES),
  status: StringEnum(TASK_STATUSES),
  /** 0–100: the live job's progress while it runs, else what the task recorded */
  progress: Type.Integer(),
  userId: Nullable(Type.Integer()),
  /** the owner's username; null when the auth service cannot say */
  userName: Nullable(Type.String()),
  /** what the task was asked to do (an export's filters, a collection's id) */
  payload: Type.Unknown(),
  result: Type.Unknown(),
  error: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
  /** its job in the queue; null when Redis could not be read or the task has no queue */
  job: Nullable(TaskJobSchema),
});
export type DashboardTask = Static<typeof DashboardTaskSchema>;

/** Jobs in one queue by state (BullMQ's counts). */
export const QueueCountsSchema = Type.Object({
  name: Type.String(),
  waiting: Type.Integer(),
  active: Type.Integer(),
  completed: Type.Integer(),
  failed: Type.Integer(),
  delayed: Type.Integer(),
});
export type QueueCounts = Static<typeof QueueCountsSchema>;

/** The queues the dashboard counts: every one of the platform's (QUEUES). */
export const DASHBOARD_QUEUES = Object.values(QUEUES);

/**
 * `GET /api/dashboard/tasks`: a page of tasks (api.md Pagination), newest first, and every queue's counts
 * (null when Redis could not be read in time).
 */
export const DashboardTasksSchema = Type.Object({
  records: Type.Array(DashboardTaskSchema),
  total: Type.Integer(),
  current: Type.Integer(),
  size: Type.Integer(),
  queues: Nullable(Type.Array(QueueCountsSchema)),
});
export type DashboardTasks = Static<typeof DashboardTasksSchema>;
