import { toPage, type Page } from '../lib/page';
import { http } from './http';
import type { Id, SystemLog } from './types';

export interface LogQuery {
  current: number;
  size: number;
  type?: string;
  action?: string;
  username?: string;
  ip?: string;
  /** ISO-8601 bounds of the time range. */
  start?: string;
  end?: string;
}

export async function listLogs(query: LogQuery): Promise<Page<SystemLog>> {
  return toPage<SystemLog>(await http.get('/api/settings/logs', { ...query }), query.current, query.size);
}
export const fetchLog = (id: Id) => http.get<SystemLog>(`/api/settings/logs/${id}`);
export const deleteLogs = (selector: { ids: Id[] } | { before: string }) => http.del<unknown>('/api/settings/logs', selector);
