/** Keys whose values never reach a log, an audit record or a response. */
const SECRET_KEY = /pass(word)?|pwd|token|secret|authorization|cookie|api[-_]?key|private[-_]?key|captcha|credential/i;
const MAX_DEPTH = 6;
const MAX_STRING = 500;

/** A copy of `value` fit for logs: secret-looking keys redacted, long strings cut, depth bounded. */
export function scrub(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SECRET_KEY.test(key) ? '[redacted]' : scrub(v, depth + 1);
  }
  return out;
}
