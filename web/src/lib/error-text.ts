/**
 * The text the console shows for a failed API call. The server's `msg` is Chinese and specific (it may name a
 * field, a count, a wait); its `errorKey` is stable, and the catalogue has a text for every key the platform
 * sends, in both languages (`error.<KEY>`; packages/contracts/test/error-keys.test.ts keeps it complete).
 */
import { errorKeyOfStatus } from '@app/contracts/errors';
import { dictionaries, errorEntry, type Locale } from '../i18n/messages.js';
import { statusText } from './envelope.js';
import { translate } from './translate.js';

export interface Failure {
  /** The envelope's code (0: the request never got an answer). */
  code: number;
  msg?: string;
  errorKey?: string;
}

/**
 * The rule:
 * - English console: the catalogue's English text for the key, so no Chinese sentence reaches an English
 *   reader. An entry may quote the server's msg as `{msg}` where that msg is not Chinese (VALIDATION_FAILED
 *   names the field in English). A key this console does not know (a newer server) shows the server's msg.
 * - Chinese console: the server's msg, which says more than any per-key text can; the catalogue's Chinese
 *   text only when the server sent none.
 * A failure without a key (a proxy's 502 page, an older server) is read as its status's generic key.
 */
export function errorText(failure: Failure, locale: Locale): string {
  const dict = dictionaries[locale];
  if (failure.code === 0) return dict['http.network'];
  const msg = failure.msg ?? '';
  const entry = errorEntry(failure.errorKey ?? errorKeyOfStatus(failure.code));
  if (locale === 'zh-CN') return msg || dict[entry] || statusText(failure.code);
  if (dict[entry]) return translate(dict, entry, { msg });
  return msg || translate(dict, errorEntry(errorKeyOfStatus(failure.code)));
}

/**
 * The shown text of a failure with the detail the server put after a colon in its msg (a driver's reason, a
 * table's name, croner's complaint), for an English reader whose catalogue text cannot name it. The Chinese
 * console already shows the whole msg.
 */
export function errorDetail(text: string, serverMsg: string | undefined, locale: Locale): string {
  if (locale === 'zh-CN' || !serverMsg) return text;
  const match = /[:：]\s*(.+)$/s.exec(serverMsg);
  const detail = match?.[1]?.trim();
  return detail && !text.includes(detail) ? `${text}: ${detail}` : text;
}
