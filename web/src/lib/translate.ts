/** Looks up `key` in a flat dictionary, falling back to `fallback` and then the key; `{name}` is interpolated. */
export type Dictionary = Readonly<Record<string, string>>;

export function translate(
  dict: Dictionary,
  key: string,
  vars?: Readonly<Record<string, string | number>>,
  fallback?: Dictionary,
): string {
  const template = dict[key] ?? fallback?.[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
