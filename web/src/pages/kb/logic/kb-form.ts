/**
 * The knowledge-base dialog's pure parts: the form's values from a knowledge base and back to a request body,
 * the collections to pick from, and a refusal of the server put beside the field it names.
 */
import type { KbRetrievalConfig, KnowledgeBase } from '@app/contracts/schemas/kb';

type KbRetrievalType = KbRetrievalConfig['type'];
/** The body of `POST /api/kb/config` and `PUT /api/kb/config/:id` (api/kb.ts KbInput). */
export interface KbBody {
  name: string;
  description: string | null;
  vectorIds: number[];
  retrievalConfig: KbRetrievalConfig;
}

export const KB_RETRIEVAL_TYPES: readonly KbRetrievalType[] = ['vector', 'keyword', 'hybrid'];
/** services/vectors kb-retrieval.ts DEFAULT_RETRIEVAL: what a knowledge base without settings searches with. */
export const DEFAULT_RETRIEVAL = { type: 'hybrid', topK: 5, scoreThreshold: 0 } as const;
/** services/vectors schemas/kb.ts KbBody. */
export const KB_LIMITS = { name: 100, description: 1000, collections: 20, topK: 100 } as const;

export interface KbFormValues {
  name: string;
  description?: string;
  vectorIds: number[];
  type: KbRetrievalType;
  topK: number;
  scoreThreshold: number;
}

export type KbFormField = keyof KbFormValues;

export function kbFormValues(kb?: KnowledgeBase): KbFormValues {
  if (!kb) return { name: '', description: '', vectorIds: [], ...DEFAULT_RETRIEVAL };
  const { type, topK, scoreThreshold } = kb.retrievalConfig;
  return { name: kb.name, description: kb.description ?? '', vectorIds: [...kb.vectorIds], type, topK, scoreThreshold };
}

/** The body of a save: the name trimmed, an empty description none at all. */
export function kbInput(values: KbFormValues): KbBody {
  const description = values.description?.trim() ?? '';
  return {
    name: values.name.trim(),
    description: description ? description : null,
    vectorIds: [...new Set(values.vectorIds)],
    retrievalConfig: { type: values.type, topK: values.topK, scoreThreshold: values.scoreThreshold },
  };
}

export interface CollectionOption {
  value: number;
  label: string;
  /** Not among the searchable collections (disabled, building, failed or deleted): kept so it can be removed. */
  unavailable: boolean;
}

/**
 * The collections the dialog offers: the searchable ones (`GET /api/vectors/simple-list`), then any the
 * knowledge base already holds that are not among them, so an edit shows them and can drop them.
 */
export function collectionOptions(searchable: readonly { id: number; title: string }[], selected: readonly number[]): CollectionOption[] {
  const known = new Set(searchable.map((c) => c.id));
  return [
    ...searchable.map((c) => ({ value: c.id, label: c.title, unavailable: false })),
    ...[...new Set(selected)].filter((id) => !known.has(id)).map((id) => ({ value: id, label: `#${id}`, unavailable: true })),
  ];
}

/**
 * A knowledge base's collections as the table names them: the title when the searchable list has it.
 * `searchable` undefined (the user may not list collections) names none unavailable, since it cannot know.
 */
export function collectionsOf(vectorIds: readonly number[], searchable: readonly { id: number; title: string }[] | undefined) {
  const titles = new Map(searchable?.map((c) => [c.id, c.title]));
  return vectorIds.map((id) => ({ id, title: titles.get(id) ?? null, unavailable: searchable !== undefined && !titles.has(id) }));
}

/** A form field and what is wrong with it; `detail` is the server's own words (ajv's English for a schema). */
export interface FieldRefusal {
  field: KbFormField;
  kind: 'invalid' | 'unknownCollections';
  detail: string;
}

const BODY_FIELDS: Record<string, KbFormField> = {
  name: 'name',
  description: 'description',
  vectorIds: 'vectorIds',
  'retrievalConfig.type': 'type',
  'retrievalConfig.topK': 'topK',
  'retrievalConfig.scoreThreshold': 'scoreThreshold',
  retrievalConfig: 'type',
};

/**
 * The field a refused save names, or null when it names none (the dialog then shows the message on its own).
 * A schema failure's msg is `body.<path> <ajv message>` or `body.<path> is required` (service-kit server.ts);
 * KB_VECTORS_NOT_FOUND names the collections that no longer exist (`向量集合不存在: 3, 4`).
 */
export function fieldRefusal(error: { errorKey?: string; serverMsg?: string }): FieldRefusal | null {
  const msg = error.serverMsg ?? '';
  if (error.errorKey === 'KB_VECTORS_NOT_FOUND') {
    const ids = /[:：]\s*(.+)$/.exec(msg)?.[1]?.trim() ?? '';
    return { field: 'vectorIds', kind: 'unknownCollections', detail: ids };
  }
  if (error.errorKey !== 'VALIDATION_FAILED') return null;
  const match = /^body\.(\S+)\s+(.*)$/s.exec(msg);
  if (!match) return null;
  // `vectorIds.2` and `name` alike: the longest known prefix of the path, array indexes dropped.
  const path = match[1]!.split('.').filter((part) => !/^\d+$/.test(part));
  for (let n = path.length; n > 0; n--) {
    const field = BODY_FIELDS[path.slice(0, n).join('.')];
    if (field) return { field, kind: 'invalid', detail: match[2]!.trim() };
  }
  return null;
}
