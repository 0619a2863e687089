import { toPage, type Page } from '../lib/page';
import { http } from './http';
import type { Id, IpRule } from './types';

export interface IpRuleInput {
  ipOrCidr: string;
  reason?: string;
  expireAt?: string;
}

export async function listIpRules(current: number, size: number): Promise<Page<IpRule>> {
  return toPage<IpRule>(await http.get('/api/settings/ips', { current, size }), current, size);
}
export const createIpRule = (input: IpRuleInput) => http.post<IpRule>('/api/settings/ips', input);
export const setIpRuleStatus = (id: Id, status: IpRule['status']) => http.put<unknown>(`/api/settings/ips/${id}/status`, { status });
