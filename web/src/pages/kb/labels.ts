import type { KbRetrievalType } from '../../api/kb';
import type { MessageKey } from '../../i18n/messages';

/** A retrieval type's name: the same words as 向量搜索's types. */
export const RETRIEVAL_TYPE_LABELS: Record<KbRetrievalType, MessageKey> = {
  vector: 'search.type.vector',
  keyword: 'search.type.keyword',
  hybrid: 'search.type.hybrid',
};

export const KB_VIEW = 'kb:view';
export const KB_CONFIG = 'kb:config';
export const KB_RETRIEVAL = 'kb:retrieval';
