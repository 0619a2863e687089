/**
 * The server monitor and the dashboard's operations views (services/monitor, api.md "Monitor"): a node's
 * samples, every node's resources, the platform's health and the background tasks. Read-only: nothing here
 * starts, stops or reboots anything (seed 000 §2.4). Shapes are the contracts' schemas.
 */
import type { DashboardResources, ServerSample, ServerStats } from '@app/contracts/schemas/monitor';
import type { DashboardNodes, DashboardTask, DashboardTasks, NodeHealth } from '@app/contracts/schemas/dashboard-ops';
import type { TaskStatus, TaskType } from '@app/contracts/queues';
import { http, type RequestOptions } from './http';

export type { DashboardNodes, DashboardResources, DashboardTask, DashboardTasks, NodeHealth, ServerSample, ServerStats };

type Options = Omit<RequestOptions, 'query'>;

export interface ServerStatsQuery {
  /** A node's name from `nodes`; unset: the monitor's own node. */
  node?: string;
  /** Also the samples of this window, oldest first: `<n>s` or `<n>m`, at most `15m`. */
  history?: string;
}

/** `GET /api/server/stats` (monitor:view): the node's latest sample and every node known. */
export const fetchServerStats = (query: ServerStatsQuery = {}, options: Options = {}) =>
  http.get<ServerStats>('/api/server/stats', { node: query.node, history: query.history }, options);

/** `GET /api/dashboard/resources` (dashboard:view): cpu / memory / disk percentages of every node. */
export const fetchDashboardResources = (options: Options = {}) => http.get<DashboardResources>('/api/dashboard/resources', undefined, options);

/** `GET /api/dashboard/nodes` (dashboard:view): one health round of every service, store and ComfyUI instance. */
export const fetchDashboardNodes = (options: Options = {}) => http.get<DashboardNodes>('/api/dashboard/nodes', undefined, options);

export interface DashboardTaskQuery {
  current: number;
  size: number;
  type?: TaskType;
  status?: TaskStatus;
}

/** `GET /api/dashboard/tasks` (dashboard:view): a page of tasks, newest first, with every queue's counts. */
export const listDashboardTasks = (query: DashboardTaskQuery, options: Options = {}) =>
  http.get<DashboardTasks>('/api/dashboard/tasks', { ...query }, options);
