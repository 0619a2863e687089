import { BadRequestError } from '@app/service-kit';

/** A 400 that names the failing field the way schema validation does (`body.roleKey …`). */
export function fieldError(field: string, message: string) {
  return new BadRequestError(`${field} ${message}`);
}

/** An ISO-8601 date or date-time from a query or body; undefined when absent. */
export function parseTime(field: string, value: string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  // Date.parse accepts far more than ISO (e.g. "1"); insist on the ISO shape first.
  const date = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw fieldError(field, '不是有效的 ISO-8601 时间');
  return date;
}

export const isoOrNull = (date: Date | null | undefined) => date?.toISOString() ?? null;
