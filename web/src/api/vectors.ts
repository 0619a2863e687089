/**
 * Vector collections, their creation wizard and the source connections (services/vectors, api.md "Vectors").
 * The answers are the contracts' types.
 */
import type {
  Collection, CollectionPreview, CollectionStatus, ConnectionTestResult, CronPreview, EmbeddingModel, RecallAnswer, RecallRequest, SourceConnectionInfo,
  SourceFieldInfo, SourceTableInfo,
} from '@app/contracts/schemas/vectors';
import type { Task } from '@app/contracts/schemas/stats';
import { fallbackFilename } from '../lib/export-answer';
import { toPage, type Page } from '../lib/page';
import { toQueryString } from '../lib/query-string';
import { http, type RequestOptions } from './http';
import { download, type DownloadOptions } from './stats';
import type { Id } from './types';

export type { Collection, CollectionPreview, CollectionStatus, CronPreview, EmbeddingModel, RecallAnswer, SourceFieldInfo, SourceTableInfo, Task };

/** The statuses a collection can have, in the filter's order (typed against the contract). */
export const COLLECTION_STATUS_VALUES: readonly CollectionStatus[] = ['building', 'ready', 'error'];
export const VECTOR_METRIC_VALUES: readonly Collection['metric'][] = ['cosine', 'l2', 'ip'];

// ---------------------------------------------------------------------------------------------------
// Collections

export interface CollectionQuery {
  current: number;
  size: number;
  keyword?: string;
  status?: CollectionStatus;
}

export async function listCollections(query: CollectionQuery, signal?: AbortSignal): Promise<Page<Collection>> {
  return toPage<Collection>(await http.get('/api/vectors', { ...query }, { signal }), query.current, query.size);
}

export const getCollection = (id: Id) => http.get<Collection>(`/api/vectors/${id}`);
export const setCollectionEnabled = (id: Id, isEnabled: boolean) => http.put<unknown>(`/api/vectors/${id}/status`, { isEnabled });
export const renameCollection = (id: Id, title: string) => http.put<Collection>(`/api/vectors/${id}`, { title });
export const deleteCollections = (ids: Id[]) => http.del<unknown>('/api/vectors', { ids });
export const syncCollection = (id: Id) => http.post<{ taskId: string }>(`/api/vectors/${id}/sync`);
export const saveSyncConfig = (id: Id, config: { enabled: boolean; expression: string }) => http.post<unknown>(`/api/vectors/${id}/sync-config`, config);
export const rebuildCollection = (id: Id, embeddingModel?: string) =>
  http.post<{ id: number; taskId: string }>(`/api/vectors/${id}/rebuild`, embeddingModel ? { embeddingModel } : {});
export const cancelCollectionTask = (id: Id) => http.post<unknown>(`/api/vectors/${id}/cancel`);
/** The collection's hnsw.ef_search, used by its every vector search. */
export const saveSearchConfig = (id: Id, efSearch: number) => http.put<Collection>(`/api/vectors/${id}/search-config`, { efSearch });
/** Recall@k of the HNSW index against exact search, over random stored rows. */
export const checkRecall = (id: Id, body: RecallRequest) => http.post<RecallAnswer>(`/api/vectors/${id}/recall`, body);

/** The next run times of a schedule; silent: the sync dialog shows why an expression is refused. */
export const previewCron = (expression: string, signal?: AbortSignal) =>
  http.get<CronPreview>('/api/vectors/cron-preview', { expression }, { silent: true, signal });

export const checkCollectionName = (title: string) => http.post<{ available: boolean }>('/api/vectors/check-name', { title }, { silent: true });

/** Downloads the `.xlsx` of the chosen collections (all of them when `ids` is empty). */
export function exportCollections(ids: Id[], options: DownloadOptions = {}) {
  const url = `/api/vectors/export${toQueryString({ ids: ids.length ? ids.join(',') : undefined })}`;
  return download(url, { fallbackName: fallbackFilename(new Date(), 'vectors'), ...options });
}

export const fetchEmbeddingModels = () => http.get<EmbeddingModel[]>('/api/vectors/embedding-models');

// ---------------------------------------------------------------------------------------------------
// The creation wizard

export interface JoinInput {
  left: string;
  right: string;
  type: 'inner' | 'left';
}

/** `advancedConfig` as the wizard sends it (services/vectors collection-plan.ts: the server fills the rest). */
export interface AdvancedConfigInput {
  template?: string;
  updatedAtField?: string;
  /** Field keys of the main table's key; default: the key the source declares. */
  primaryKey?: string[];
  chunkSize?: number;
  metric?: Collection['metric'];
  hnsw?: { m: number; efConstruction: number };
  embeddingModel?: string;
}

export interface CollectionPlanInput {
  dbId: number;
  /** Main table first. */
  tableIds: string[];
  fieldKeys: string[];
  joinConfig: JoinInput[];
  advancedConfig: AdvancedConfigInput;
}

export interface WizardDatabase {
  id: number;
  name: string;
  type: string;
  database: string;
  host: string;
}

export const listWizardDatabases = () => http.get<WizardDatabase[]>('/api/vectors/wizard/databases');
export const listWizardTables = (dbId: number) => http.get<SourceTableInfo[]>('/api/vectors/wizard/tables', { dbId });
export const listWizardFields = (dbId: number, tableId: string) => http.get<SourceFieldInfo[]>('/api/vectors/wizard/fields', { dbId, tableId });
/** Silent: the preview step shows why a plan is refused. */
export const previewCollection = (plan: CollectionPlanInput & { limit: number }, options: Pick<RequestOptions, 'signal'> = {}) =>
  http.post<CollectionPreview>('/api/vectors/wizard/preview', plan, { silent: true, ...options });
export const createCollection = (input: CollectionPlanInput & { title: string }) =>
  http.post<{ id: number; taskId: string; collection: Collection }>('/api/vectors/create', input);

// ---------------------------------------------------------------------------------------------------
// Source connections

export type SourceType = 'mysql' | 'postgres';

/** A source connection as answered: the password is never part of it, only whether one is stored. */
export type SourceConnection = SourceConnectionInfo;
export type { ConnectionTestResult };

export interface ConnectionInput {
  name?: string;
  type?: SourceType;
  host?: string;
  port?: number;
  database?: string;
  username?: string;
  /** Write-only; omitted on an edit to keep the stored one. */
  password?: string;
}


export async function listConnections(query: { current: number; size: number }, signal?: AbortSignal): Promise<Page<SourceConnection>> {
  return toPage<SourceConnection>(await http.get('/api/vectors/connections', { ...query }, { signal }), query.current, query.size);
}
export const createConnection = (input: ConnectionInput) => http.post<SourceConnection>('/api/vectors/connections', input);
export const updateConnection = (id: Id, input: ConnectionInput) => http.put<SourceConnection>(`/api/vectors/connections/${id}`, input);
export const deleteConnection = (id: Id) => http.del<unknown>(`/api/vectors/connections/${id}`);
/** Silent: the page shows the driver's reason beside the button. */
export const testConnection = (id: Id) => http.post<ConnectionTestResult>(`/api/vectors/connections/${id}/test`, undefined, { silent: true });
