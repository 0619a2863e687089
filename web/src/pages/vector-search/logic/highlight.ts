/** A piece of a result's content: marked where the query's words occur. */
export interface Segment {
  text: string;
  mark: boolean;
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** An offset moved off the middle of a surrogate pair (back for a start, forward for an end), so no half emoji is marked. */
function snap(text: string, at: number, forward: boolean): number {
  if (at > 0 && at < text.length && isLow(text.charCodeAt(at)) && isHigh(text.charCodeAt(at - 1))) return forward ? at + 1 : at - 1;
  return at;
}

const clamp = (at: number, length: number) => Math.max(0, Math.min(length, Math.trunc(at)));

/**
 * `content` cut by the server's `[start, end)` UTF-16 offsets into plain and marked pieces, in order. The
 * offsets are trusted for nothing: out-of-range ones are clamped, empty or inverted ones dropped, overlapping
 * or touching ones merged, and none splits a surrogate pair.
 */
export function highlightSegments(content: string, highlights: readonly { start: number; end: number }[]): Segment[] {
  const ranges = highlights
    .filter((h) => Number.isFinite(h.start) && Number.isFinite(h.end))
    .map((h) => ({ start: clamp(h.start, content.length), end: clamp(h.end, content.length) }))
    // Empty ones are dropped before snapping, or one inside a pair would grow to mark it.
    .filter((h) => h.end > h.start)
    .map((h) => ({ start: snap(content, h.start, false), end: snap(content, h.end, true) }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: { start: number; end: number }[] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  const segments: Segment[] = [];
  let at = 0;
  for (const r of merged) {
    if (r.start > at) segments.push({ text: content.slice(at, r.start), mark: false });
    segments.push({ text: content.slice(r.start, r.end), mark: true });
    at = r.end;
  }
  if (at < content.length || segments.length === 0) segments.push({ text: content.slice(at), mark: false });
  return segments;
}
