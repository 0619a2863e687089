/**
 * 知识库 (seed 004 §6, services/vectors routes/kb): the knowledge bases, their API keys and the retrieval test.
 * The answers are the contracts' types.
 */
import type { KbApiKey, KbRetrievalAnswer, KbRetrievalConfig, KnowledgeBase } from '@app/contracts/schemas/kb';
import { toPage, type Page } from '../lib/page';
import { http } from './http';
import type { Id } from './types';

export type { KbApiKey, KbRetrievalAnswer, KbRetrievalConfig, KnowledgeBase };
/** The answer to creating a key: the only time the key itself is there. */
export type KbApiKeyCreated = KbApiKey & { key: string };
export type KbRetrievalType = KbRetrievalConfig['type'];

/** `POST /api/kb/config` and `PUT /api/kb/config/:id`. */
export interface KbInput {
  name: string;
  description: string | null;
  vectorIds: number[];
  retrievalConfig: KbRetrievalConfig;
}

export interface KbQuery {
  current: number;
  size: number;
  keyword?: string;
}

export async function listKbs(query: KbQuery, signal?: AbortSignal): Promise<Page<KnowledgeBase>> {
  return toPage<KnowledgeBase>(await http.get('/api/kb/config', { ...query }, { signal }), query.current, query.size);
}
/** Every knowledge base (up to 100), for the retrieval page's picker. */
export const listAllKbs = async () => (await listKbs({ current: 1, size: 100 })).records;

/** Silent: the dialog shows a refusal beside the field it names. */
export const createKb = (input: KbInput) => http.post<KnowledgeBase>('/api/kb/config', input, { silent: true });
export const updateKb = (id: Id, input: KbInput) => http.put<KnowledgeBase>(`/api/kb/config/${id}`, input, { silent: true });
export const deleteKb = (id: Id) => http.del<{ deleted: number }>(`/api/kb/config/${id}`);

export const listKbKeys = (kbId: Id) => http.get<KbApiKey[]>(`/api/kb/config/${kbId}/keys`);
export const createKbKey = (kbId: Id, name: string) => http.post<KbApiKeyCreated>(`/api/kb/config/${kbId}/keys`, { name });
export const revokeKbKey = (kbId: Id, keyId: Id) => http.del<KbApiKey>(`/api/kb/config/${kbId}/keys/${keyId}`);

/** Silent: the panel shows the reason where the results would be. */
export const retrieveKb = (input: { kbId: number; query: string; topK?: number }, signal?: AbortSignal) =>
  http.post<KbRetrievalAnswer>('/api/kb/retrieval', input, { silent: true, signal });
