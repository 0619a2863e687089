/**
 * The retrieval test's and the Dify help's pure parts: the request from the form, why a collection was not
 * searched, where a result came from, and what Dify is told to call.
 */
import type { KbRetrievalAnswer } from '@app/contracts/schemas/kb';
import type { MessageKey } from '../../../i18n/messages.js';

export const MAX_TOP_K = 100;

export interface RetrievalForm {
  kbId?: number;
  query: string;
  /** Empty: the knowledge base's own topK. */
  topK?: number | null;
}

/** The body of `POST /api/kb/retrieval`, or null while the form cannot run (no knowledge base, a blank query). */
export function retrievalRequest(form: RetrievalForm): { kbId: number; query: string; topK?: number } | null {
  const query = form.query.trim();
  if (!form.kbId || !query) return null;
  const topK = form.topK && Number.isInteger(form.topK) ? Math.min(Math.max(form.topK, 1), MAX_TOP_K) : undefined;
  return topK === undefined ? { kbId: form.kbId, query } : { kbId: form.kbId, query, topK };
}

export type SkipReason = KbRetrievalAnswer['skipped'][number]['reason'];

/** Why a collection of the knowledge base was not searched, as the panel explains it. */
export const SKIP_REASON_KEYS: Record<SkipReason, MessageKey> = {
  disabled: 'kb.skipped.disabled',
  'not-ready': 'kb.skipped.notReady',
  missing: 'kb.skipped.missing',
};

/**
 * A result's source collection: its title from the skipped list or the searchable collections when either
 * has it, else its id.
 */
export function sourceTitle(vectorId: number, titles: ReadonlyMap<number, string>): string {
  return titles.get(vectorId) ?? `#${vectorId}`;
}

/** The titles the panel knows, by collection id. */
export function titlesOf(...lists: (readonly { id?: number; vectorId?: number; title: string | null }[] | undefined)[]): Map<number, string> {
  const titles = new Map<number, string>();
  for (const list of lists) {
    for (const item of list ?? []) {
      const id = item.id ?? item.vectorId;
      if (id !== undefined && item.title) titles.set(id, item.title);
    }
  }
  return titles;
}

/**
 * What Dify's "External Knowledge API" form takes as its API Endpoint: the console's origin (the gateway) and
 * `/api/kb/dify`. Dify appends `/retrieval` itself (its external_knowledge_service posts to
 * `{endpoint}/retrieval`), so the requests arrive at `difyRetrievalUrl`.
 */
export function difyApiEndpoint(origin: string): string {
  return `${origin.replace(/\/+$/, '')}/api/kb/dify`;
}

/** Where Dify's retrievals arrive: `POST <origin>/api/kb/dify/retrieval`. */
export const difyRetrievalUrl = (origin: string) => `${difyApiEndpoint(origin)}/retrieval`;

/** A request Dify would send, as a curl command to try a key with; `placeholders` in the reader's language. */
export function difyCurl(
  origin: string,
  kb: { id: number; topK: number; scoreThreshold: number },
  placeholders: { query: string; key: string },
): string {
  const body = JSON.stringify({ knowledge_id: String(kb.id), query: placeholders.query, retrieval_setting: { top_k: kb.topK, score_threshold: kb.scoreThreshold } });
  const quoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  return [
    `curl -X POST '${difyRetrievalUrl(origin)}' \\`,
    `  -H 'Authorization: Bearer ${placeholders.key}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d ${quoted(body)}`,
  ].join('\n');
}
