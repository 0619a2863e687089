/** Builds `?a=1&b=x` from an object, dropping undefined, null and empty strings. */
export type QueryValue = string | number | boolean | null | undefined;

export function toQueryString(params: Record<string, QueryValue> | undefined): string {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
