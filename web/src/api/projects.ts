import type { OpenComfyResult } from '@app/contracts/schemas/comfy';
import type { Project } from '@app/contracts/schemas/projects';
import { toPage, type Page } from '../lib/page';
import { http, type RequestOptions } from './http';
import type { Id } from './types';

export type { OpenComfyResult, Project };

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
