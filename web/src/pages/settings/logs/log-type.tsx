import { Tag } from 'antd';
import { useT } from '../../../i18n/preferences';

/** The kinds of system log (the auth service's `type`), with their tag colours. */
export const LOG_TYPES = ['login', 'operation', 'security', 'search', 'error'] as const;
export type LogType = (typeof LOG_TYPES)[number];

export const LOG_TYPE_COLORS: Record<LogType, string> = { login: 'blue', operation: 'cyan', security: 'red', search: 'purple', error: 'volcano' };

export function isLogType(value: string): value is LogType {
  return (LOG_TYPES as readonly string[]).includes(value);
}

/** A log's type in the reader's language; a type this console does not know is shown as sent. */
export function LogTypeTag({ type }: { type: string }) {
  const t = useT();
  return isLogType(type) ? <Tag color={LOG_TYPE_COLORS[type]}>{t(`logs.type.${type}`)}</Tag> : <Tag>{type}</Tag>;
}
