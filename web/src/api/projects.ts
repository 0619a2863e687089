import { toPage, type Page } from '../lib/page';
import { http, type RequestOptions } from './http';
import type { ComfyStatus } from './comfy';
import type { Id } from './types';

/** The project's ComfyUI instance as embedded in a project (null when it never started). */
export interface ProjectService {
  serviceId: Id;
  status: ComfyStatus;
  port: number | null;
  startedAt: string | null;
  lastHeartbeat: string | null;
  userId: Id;
  restarts?: number;
  lastError?: string | null;
}

export interface Project {
  id: Id;
  name: string;
  code: string;
  note?: string | null;
  ownerUserId: Id;
  /** The owner's username (auth); null when auth could not answer. */
  ownerName?: string | null;
  /** ISO-8601 (seed 000 keeps the `create_time` name). */
  createTime: string;
  updatedAt?: string | null;
  service: ProjectService | null;
}

export interface ProjectQuery {
  current: number;
  size: number;
  keyword?: string;
}

export interface ProjectInput {
  name: string;
  code: string;
  note?: string;
}

/** `url` is a same-origin path (`/comfy/<serviceId>/?ticket=…`) to open in a new tab. */
export interface OpenComfyResult {
  serviceId: Id;
  status: Extract<ComfyStatus, 'starting' | 'running'>;
  url: string;
}

const projectPath = (id: Id) => `/api/projects/${encodeURIComponent(String(id))}`;

export async function listProjects(query: ProjectQuery): Promise<Page<Project>> {
  return toPage<Project>(await http.get('/api/projects', { ...query }), query.current, query.size);
}
export const fetchProject = (id: Id) => http.get<Project>(projectPath(id));
export const createProject = (input: ProjectInput, options: RequestOptions = {}) => http.post<Project>('/api/projects', input, options);
export const updateProject = (id: Id, input: Partial<ProjectInput>, options: RequestOptions = {}) =>
  http.put<Project>(projectPath(id), input, options);
export const deleteProject = (id: Id) => http.del<unknown>(projectPath(id));
/** Starts or reuses the project's instance; 403 "权限不足" when another user started it (the caller explains it). */
export const openComfy = (projectId: Id, options: RequestOptions = { silent: true }) =>
  http.post<OpenComfyResult>(`${projectPath(projectId)}/open_comfy`, undefined, options);
