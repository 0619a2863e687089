import type { ComfyService, ComfyStatus } from '@app/contracts/schemas/comfy';
import { toPage, type Page } from '../lib/page';
import { http, type RequestOptions } from './http';
import type { Id } from './types';

export type { ComfyService, ComfyStatus };

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
