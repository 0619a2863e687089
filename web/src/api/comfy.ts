import { toPage, type Page } from '../lib/page';
import { http, type RequestOptions } from './http';
import type { Id } from './types';

/** Instance lifecycle (api.md): `starting → running → stopping → stopped`, or `crashed` / `failed`. */
export type ComfyStatus = 'starting' | 'running' | 'stopping' | 'stopped' | 'crashed' | 'failed';

/** A ComfyUI instance as the orchestrator reports it (own instances; every instance for `*`). */
export interface ComfyService {
  serviceId: Id;
  userId: Id;
  /** The user's username (auth); null when auth could not answer. */
  userName?: string | null;
  projectId: Id;
  /** The project's name (projects); null when projects could not answer. */
  projectName?: string | null;
  port: number | null;
  pid: number | null;
  gpu?: string | number | null;
  status: ComfyStatus;
  startedAt: string | null;
  lastHeartbeat: string | null;
  restarts: number;
  lastError: string | null;
}

export interface ComfyServiceQuery {
  current: number;
  size: number;
}

const servicePath = (serviceId: Id) => `/api/comfy/services/${encodeURIComponent(String(serviceId))}`;

export async function listComfyServices(query: ComfyServiceQuery): Promise<Page<ComfyService>> {
  return toPage<ComfyService>(await http.get('/api/comfy/services', { ...query }), query.current, query.size);
}
export const fetchComfyService = (serviceId: Id, options: Omit<RequestOptions, 'query'> = {}) =>
  http.get<ComfyService>(servicePath(serviceId), undefined, options);
export const stopComfyService = (serviceId: Id) => http.post<ComfyService>(`${servicePath(serviceId)}/stop`);
export const restartComfyService = (serviceId: Id) => http.post<ComfyService>(`${servicePath(serviceId)}/restart`);
