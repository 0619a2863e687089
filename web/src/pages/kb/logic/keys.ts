/** The API-key drawer's pure parts: the name a key is created with. */
import type { MessageKey } from '../../../i18n/messages.js';

/** services/vectors schemas/kb.ts KbKeyBody: 1–100 characters, not only blanks. */
export const KEY_NAME_MAX = 100;

/** What is wrong with a new key's name, or null; the server trims it as this does. */
export function keyNameError(name: string): MessageKey | null {
  const trimmed = name.trim();
  if (!trimmed) return 'kb.key.nameRequired';
  if (trimmed.length > KEY_NAME_MAX) return 'kb.key.nameTooLong';
  return null;
}

/** Live keys first (newest first, as listed), then the revoked ones: what a reader looks for is on top. */
export function orderKeys<K extends { id: number; revokedAt: string | null }>(keys: readonly K[]): K[] {
  return [...keys].sort((a, b) => Number(!!a.revokedAt) - Number(!!b.revokedAt) || b.id - a.id);
}
