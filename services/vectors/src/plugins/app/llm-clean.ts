import { jsonrepair } from 'jsonrepair';
import type { LlmCleanOptions, LlmCleanResult, LlmCleanStep, LlmCleanStepKey } from '@app/contracts';

/** Nesting beyond this is not JSON anyone wants cleaned, and would exhaust the stack of the parsers. */
export const MAX_DEPTH = 512;
/** Candidate JSON starts tried before the text is treated as prose. */
const MAX_CANDIDATES = 20;

/**
 * The LLM-output cleaner behind `POST /api/tools/llm-clean` (api.md "Tools"): pure, linear in the input, and
 * total — any string gives an answer, never an exception. The steps run in this order, each optional:
 *
 * 1. `normalise_newlines` (collapseWhitespace): CRLF and lone CR become LF.
 * 2. `strip_invisible` (normaliseWidth): zero-width space, word joiner, BOM and soft hyphen are removed; NBSP and
 *    the other fixed-width spaces become a space. ZWJ / ZWNJ stay: emoji sequences and some scripts need them.
 * 3. `strip_think` (stripThink): reasoning blocks — `<think>`, `<thinking>`, `<thought>`, `<reasoning>`,
 *    `<reflection>`, `<seed:think>`, `<|begin_of_thought|>`, `◁think▷` — are removed with their content, nested or
 *    not; `<|begin_of_solution|>` markers are removed and their content kept. A closing tag with no opening one
 *    before it (DeepSeek-R1's template opens the block in the prompt) drops everything before it. A block never
 *    closed (the model ran out of tokens, or forgot) runs to the first line after it that starts with a code
 *    fence, `{` or `[` — the answer the model went on to write — or else to the end of the text.
 * 4. `strip_fences` (stripFences): markdown fence markers (``` with or without a language, ~~~ on their own line)
 *    are removed and what they held is kept; nested fences included.
 * 5. JSON (wantJson: true, false, or unset = auto). The first JSON object or array is extracted: one that holds a
 *    quoted key followed by a colon, or has its lines to itself (starts a line and ends one, or is cut off by the
 *    end of the text; not an empty `[ ]` / `{}` among other text), or any one when wantJson is true. Everything
 *    around it is dropped as `strip_boilerplate` ("Here is the JSON:", "以下是结果：", "希望对你有帮助"). Full-width syntax
 *    outside its strings is made ASCII (`normalise_width`), then `jsonrepair` fixes what JSON.parse refuses
 *    (`repair_json`: trailing commas, single quotes, unquoted keys, comments, truncation, Python literals), and
 *    the text is re-indented or minified (`format_json`) without re-serialising the numbers. Deeper than
 *    MAX_DEPTH levels is not treated as JSON. Only whitespace around it (often left by the steps before) is
 *    reported as `collapse_whitespace`.
 * 6. Prose (no JSON): `normalise_width` then `collapse_whitespace` (runs of spaces and tabs inside a line become
 *    one space, trailing spaces and blank-line runs go, the text is trimmed; indentation of later lines stays).
 *
 * The width rule (normaliseWidth): full-width letters and digits (Ｆｕｌｌ１２) always become ASCII. Full-width
 * punctuation and the ideographic space become ASCII where they are JSON syntax (outside JSON strings), and
 * elsewhere only when neither the nearest letter before nor the one after is CJK: Chinese prose — and Chinese
 * inside JSON strings — keeps its `，：！（）`. Inside JSON strings `＂` and `＼` never change (they would end
 * the string or start an escape).
 */
export function cleanLlmOutput(content: string, options: LlmCleanOptions = {}): LlmCleanResult {
  const o = {
    wantJson: options.wantJson,
    stripThink: options.stripThink ?? true,
    stripFences: options.stripFences ?? true,
    normaliseWidth: options.normaliseWidth ?? true,
    collapseWhitespace: options.collapseWhitespace ?? true,
    jsonFormat: options.jsonFormat ?? 'pretty',
  };
  const steps: LlmCleanStep[] = [];
  const note = (step: LlmCleanStepKey, detail?: string) => steps.push(detail === undefined ? { step } : { step, detail });
  let text = content;

  if (o.collapseWhitespace) {
    const count = countMatches(text, /\r\n?/g);
    if (count) {
      text = text.replace(/\r\n?/g, '\n');
      note('normalise_newlines', String(count));
    }
  }
  if (o.normaliseWidth) {
    const count = countMatches(text, INVISIBLE) + countMatches(text, ODD_SPACE);
    if (count) {
      text = text.replace(INVISIBLE, '').replace(ODD_SPACE, ' ');
      note('strip_invisible', String(count));
    }
  }
  if (o.stripThink) {
    const stripped = stripReasoning(text);
    if (stripped) {
      text = stripped.text;
      note('strip_think', stripped.detail);
    }
  }
  if (o.stripFences) {
    const stripped = stripFences(text);
    if (stripped) {
      text = stripped.text;
      note('strip_fences', stripped.detail);
    }
  }

  if (o.wantJson !== false) {
    const found = extractJson(text, o.wantJson === true, o.normaliseWidth);
    if (found) {
      const dropped = [text.slice(0, found.start), text.slice(found.end)].map((s) => s.trim()).filter(Boolean);
      if (dropped.length) note('strip_boilerplate', dropped.map((s) => shorten(s)).join(' … '));
      if (found.widthChanges) note('normalise_width', String(found.widthChanges));
      if (found.repaired) note('repair_json', found.complete ? undefined : 'truncated');
      const result = formatJson(found.valid, o.jsonFormat === 'pretty');
      if (result !== found.valid.trim()) note('format_json', o.jsonFormat);
      if (!dropped.length && (found.start > 0 || found.end < text.length)) note('collapse_whitespace');
      return { result, json: found.value, steps };
    }
  }

  if (o.normaliseWidth && FULL_WIDTH.test(text)) {
    const cjk = cjkNeighbours(text);
    let changes = 0;
    const normalised = text.replace(FULL_WIDTH_ALL, (ch: string, i: number) => {
      const to = proseWidth(ch, i, cjk, false);
      if (to !== ch) changes++;
      return to;
    });
    if (changes) {
      text = normalised;
      note('normalise_width', String(changes));
    }
  }
  if (o.collapseWhitespace) {
    const collapsed = collapseWhitespace(text);
    if (collapsed !== text) {
      text = collapsed;
      note('collapse_whitespace');
    }
  }
  return { result: text, steps };
}

// ---- characters -------------------------------------------------------------------------------------------

/** What the width rule may change: full-width forms and the ideographic space. */
const FULL_WIDTH = /[\uff01-\uff5e\u3000]/;
const FULL_WIDTH_ALL = /[\uff01-\uff5e\u3000]/g;
const INVISIBLE = /[\u200B\u2060\uFEFF\u00AD\u180E]/g;
const ODD_SPACE = /[\u00A0\u2000-\u200A\u202F\u205F]/g;

function countMatches(text: string, re: RegExp): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text)) n++;
  return n;
}

const shorten = (s: string, max = 40) => {
  const chars = Array.from(s.replace(/\s+/g, ' '));
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
};

function isCjk(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff)
    || (code >= 0x3040 && code <= 0x30ff) || (code >= 0x3100 && code <= 0x312f) || (code >= 0xac00 && code <= 0xd7af)
    || (code >= 0x1100 && code <= 0x11ff) || (code >= 0xd840 && code <= 0xd8bf); // the last: high surrogates of CJK ext. B–F
}

const isFullWidthAlnum = (code: number) => (code >= 0xff10 && code <= 0xff19) || (code >= 0xff21 && code <= 0xff3a) || (code >= 0xff41 && code <= 0xff5a);

/** 0: not a letter; 1: a letter of another script; 2: a CJK one. */
function letterKind(code: number): 0 | 1 | 2 {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) ? 1 : 0;
  if (isCjk(code)) return 2;
  if (isFullWidthAlnum(code)) return 1;
  if (code <= 0xbf || (code >= 0x2000 && code <= 0x2bff) || (code >= 0x3000 && code <= 0x303f) || (code >= 0xfe30 && code <= 0xfe4f)
    || (code >= 0xff00 && code <= 0xff65) || (code >= 0xdc00 && code <= 0xdfff)) return 0;
  return 1;
}

/** For each position, whether the nearest letter before it (bit 1) and after it (bit 2) is CJK. */
function cjkNeighbours(text: string): Uint8Array {
  const flags = new Uint8Array(text.length);
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    if (last === 2) flags[i] |= 1;
    const kind = letterKind(text.charCodeAt(i));
    if (kind) last = kind;
  }
  last = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    if (last === 2) flags[i] |= 2;
    const kind = letterKind(text.charCodeAt(i));
    if (kind) last = kind;
  }
  return flags;
}

/** The width rule outside JSON syntax; `inString`: inside a JSON string, where `＂` and `＼` must stay. */
function proseWidth(ch: string, i: number, cjk: Uint8Array, inString: boolean): string {
  const code = ch.charCodeAt(0);
  if (code === 0x3000) return cjk[i] ? ch : ' ';
  if (code < 0xff01 || code > 0xff5e) return ch;
  if (isFullWidthAlnum(code)) return String.fromCharCode(code - 0xfee0);
  if (inString && (code === 0xff02 || code === 0xff3c)) return ch;
  return cjk[i] ? ch : String.fromCharCode(code - 0xfee0);
}

// ---- reasoning blocks -------------------------------------------------------------------------------------

const REASONING = /<\s*(\/?)\s*(think|thinking|thought|reasoning|reflection|seed:think)\s*>|<\|(begin|end)_of_thought\|>|◁(\/?)think▷/gi;
const SOLUTION = /<\|(?:begin|end)_of_solution\|>/g;
/** Where the answer after an unclosed block starts: a line opening a fence, an object or an array. */
const ANSWER_START = /^[ \t]*(?:`{3}|~{3}|[{[\uff5b\uff3b])/gm;

function stripReasoning(text: string): { text: string; detail: string } | undefined {
  const parts: string[] = [];
  const tags = new Set<string>();
  let depth = 0;
  let keepFrom = 0;
  let openEnd = 0;
  let seenOpen = false;
  let any = false;
  for (const m of text.matchAll(REASONING)) {
    any = true;
    const end = m.index + m[0].length;
    const closing = m[1] === '/' || m[3]?.toLowerCase() === 'end' || m[4] === '/';
    if (!closing) {
      tags.add(m[2] ? `<${m[2].toLowerCase()}>` : m[3] ? '<|begin_of_thought|>' : '◁think▷');
      if (depth === 0) {
        parts.push(text.slice(keepFrom, m.index));
        openEnd = end;
      }
      depth++;
      seenOpen = true;
    } else if (depth > 0) {
      depth--;
      if (depth === 0) keepFrom = end;
    } else {
      // A closing tag with nothing open: the reasoning before it had its opening tag in the prompt.
      if (!seenOpen) {
        parts.length = 0;
        tags.add(`${m[0].toLowerCase().replace(/\s+/g, '')} (no opening tag)`);
      } else parts.push(text.slice(keepFrom, m.index));
      seenOpen = true;
      keepFrom = end;
    }
  }
  if (depth > 0) {
    ANSWER_START.lastIndex = openEnd;
    const answer = ANSWER_START.exec(text);
    if (answer) parts.push(text.slice(answer.index));
    tags.add('unclosed');
  } else parts.push(text.slice(keepFrom));
  let out = parts.join('');
  const solutions = countMatches(out, SOLUTION);
  if (solutions) out = out.replace(SOLUTION, '');
  if (!any && !solutions) return undefined;
  if (solutions) tags.add('<|begin_of_solution|>');
  return { text: out, detail: [...tags].join(', ') };
}

// ---- fences -----------------------------------------------------------------------------------------------

/** A backtick fence, with its language when one follows (up to the end of the line or a bracket). */
const BACKTICK_FENCE = /`{3,}(?:([A-Za-z][\w+.#-]*)(?=[ \t]*(?:\n|$|[{[])))?[ \t]*\n?/g;
const TILDE_FENCE = /^[ \t]*~{3,}[ \t]*([A-Za-z][\w+.#-]*)?[ \t]*(?:\n|$)/gm;

function stripFences(text: string): { text: string; detail: string } | undefined {
  let count = 0;
  const languages = new Set<string>();
  const drop = (_: string, language?: string) => {
    count++;
    if (language) languages.add(language.toLowerCase());
    return '';
  };
  const out = text.replace(BACKTICK_FENCE, drop).replace(TILDE_FENCE, drop);
  if (!count) return undefined;
  return { text: out, detail: [String(count), ...languages].join(', ') };
}

// ---- JSON -------------------------------------------------------------------------------------------------

const OPENERS = '{[\uff5b\uff3b';
const CLOSERS = '}]\uff5d\uff3d';
/** After these (outside strings) a single quote opens a string rather than being an apostrophe. */
const BEFORE_SINGLE_QUOTE = '{[,:\uff5b\uff3b\uff0c\uff1a';

interface Walk {
  end: number;
  complete: boolean;
  tooDeep: boolean;
  /** A quoted string followed by a colon: the text is an object, not prose with a bracket in it. */
  quotedKey: boolean;
  /** The span with full-width syntax made ASCII (when asked). */
  out: string;
  widthChanges: number;
}

/**
 * Walks a JSON-like value from `start` to its closing bracket (or the end of the text when it is truncated),
 * tracking strings the way a model writes them: "…", “…”, ＂…＂, and '…' where a string may start.
 */
function walkJson(text: string, start: number, wide: boolean, cjk: Uint8Array | undefined): Walk {
  // The output is the span with a few characters replaced: copy the runs between them.
  const out: string[] = [];
  let copied = start;
  let widthChanges = 0;
  const emit = (i: number, to: string) => {
    if (to === text[i]) return;
    widthChanges++;
    out.push(text.slice(copied, i), to);
    copied = i + 1;
  };
  const done = (end: number) => {
    out.push(text.slice(copied, end));
    return out.join('');
  };
  let depth = 0;
  let quotedKey = false;
  let closers = '';
  let inString = false;
  let lastSignificant = '';
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') {
        i++;
        continue;
      }
      if (closers.includes(ch)) {
        inString = false;
        emit(i, wide && ch !== "'" ? (closers.includes("'") ? "'" : '"') : ch);
        let j = i + 1;
        while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n')) j++;
        if (text[j] === ':' || (wide && text[j] === '\uff1a')) quotedKey = true;
        lastSignificant = '"';
        continue;
      }
      if (cjk) emit(i, proseWidth(ch, i, cjk, true));
      continue;
    }
    const opensDouble = ch === '"' || (wide && (ch === '\uff02' || ch === '\u201c' || ch === '\u201d'));
    const opensSingle = (ch === "'" || (wide && (ch === '\u2018' || ch === '\u2019'))) && BEFORE_SINGLE_QUOTE.includes(lastSignificant);
    if (opensDouble || opensSingle) {
      inString = true;
      closers = ch === '"' ? '"' : ch === "'" ? "'" : opensSingle ? "'\u2019" : '"\uff02\u201d';
      emit(i, opensSingle ? "'" : '"');
      lastSignificant = ch;
      continue;
    }
    const code = ch.charCodeAt(0);
    const ascii = wide && ((code >= 0xff01 && code <= 0xff5e) || code === 0x3000) ? (code === 0x3000 ? ' ' : String.fromCharCode(code - 0xfee0)) : ch;
    emit(i, ascii);
    if (ascii !== ' ' && ascii !== '\n' && ascii !== '\t') lastSignificant = ascii;
    if (OPENERS.includes(ascii)) {
      depth++;
      if (depth > MAX_DEPTH) return { end: i, complete: false, tooDeep: true, quotedKey, out: '', widthChanges };
    } else if (CLOSERS.includes(ascii)) {
      depth--;
      if (depth === 0) return { end: i + 1, complete: true, tooDeep: false, quotedKey, out: done(i + 1), widthChanges };
    }
  }
  return { end: text.length, complete: false, tooDeep: false, quotedKey, out: done(text.length), widthChanges };
}

/** Could a JSON value start at this bracket? (Rules out `[1]` citations' kin: `[see above]`, `{{name}}`…) */
function plausibleStart(text: string, at: number, wide: boolean): boolean {
  let j = at + 1;
  while (j < text.length && /\s/.test(text[j])) j++;
  if (j >= text.length) return false;
  const next = text[j];
  const isArray = text[at] === '[' || text[at] === '\uff3b';
  if (`"'}]\u201c\u2018${wide ? '\uff02\uff5d\uff3d' : ''}`.includes(next)) return true;
  if (isArray) return /[-\d{[tfnTFN]/.test(next) || (wide && (next === '\uff5b' || next === '\uff3b'));
  return /[\p{L}_$]/u.test(next);
}

interface FoundJson {
  start: number;
  end: number;
  complete: boolean;
  /** The span as valid JSON. */
  valid: string;
  value: unknown;
  repaired: boolean;
  widthChanges: number;
}

function extractJson(text: string, anywhere: boolean, wide: boolean): FoundJson | undefined {
  const starts = wide ? /[{[\uff5b\uff3b]/g : /[{[]/g;
  const cjk = wide && FULL_WIDTH.test(text) ? cjkNeighbours(text) : undefined;
  let tries = 0;
  let from = 0;
  while (tries < MAX_CANDIDATES) {
    starts.lastIndex = from;
    const m = starts.exec(text);
    if (!m) return undefined;
    const start = m.index;
    if (!plausibleStart(text, start, wide)) {
      from = start + 1;
      continue;
    }
    tries++;
    const walk = walkJson(text, start, wide, cjk);
    if (walk.tooDeep) return undefined;
    if (anywhere || walk.quotedKey || (ownsLines(text, start, walk.end) && !emptyAmongProse(text, start, walk))) {
      const parsed = parseOrRepair(walk.out);
      if (parsed && typeof parsed.value === 'object' && parsed.value !== null) {
        return {
          start, end: walk.end, complete: walk.complete, valid: parsed.valid, value: parsed.value,
          repaired: parsed.repaired, widthChanges: walk.widthChanges,
        };
      }
    }
    from = walk.complete ? walk.end : start + 1;
  }
  return undefined;
}

/** Starts a line and ends one (or the text): `[1] Smith et al.` in a reference list does not. */
function ownsLines(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (text.slice(lineStart, start).trim() !== '') return false;
  let j = end;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  return j >= text.length || text[j] === '\n';
}

/** `[ ]` or `{}` with other text around it is prose (a checklist box, a placeholder), not an answer. */
function emptyAmongProse(text: string, start: number, walk: Walk): boolean {
  return walk.complete && /^[{[\uff5b\uff3b]\s*[}\]\uff5d\uff3d]$/.test(text.slice(start, walk.end)) && (text.slice(0, start) + text.slice(walk.end)).trim() !== '';
}

function parseOrRepair(candidate: string): { valid: string; value: unknown; repaired: boolean } | undefined {
  try {
    return { valid: candidate, value: JSON.parse(candidate), repaired: false };
  } catch {
    // jsonrepair below
  }
  try {
    const valid = jsonrepair(candidate);
    return { valid, value: JSON.parse(valid), repaired: true };
  } catch {
    return undefined; // not JSON after all, or beyond repair (a RangeError included)
  }
}

/**
 * Re-indents (two spaces, as JSON.stringify) or minifies valid JSON text token by token, so numbers keep their
 * digits (a 20-digit id survives) and strings their escapes.
 */
export function formatJson(valid: string, pretty: boolean): string {
  const out: string[] = [];
  let depth = 0;
  const newline = () => {
    if (pretty) out.push('\n', '  '.repeat(depth));
  };
  for (let i = 0; i < valid.length; i++) {
    const ch = valid[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < valid.length && valid[j] !== '"') j += valid[j] === '\\' ? 2 : 1;
      out.push(valid.slice(i, j + 1));
      i = j;
    } else if (ch === '{' || ch === '[') {
      let j = i + 1;
      while (j < valid.length && ' \t\n\r'.includes(valid[j])) j++;
      if (valid[j] === (ch === '{' ? '}' : ']')) {
        out.push(ch === '{' ? '{}' : '[]');
        i = j;
        continue;
      }
      out.push(ch);
      depth++;
      newline();
    } else if (ch === '}' || ch === ']') {
      depth--;
      newline();
      out.push(ch);
    } else if (ch === ',') {
      out.push(ch);
      newline();
    } else if (ch === ':') {
      out.push(pretty ? ': ' : ':');
    } else if (!' \t\n\r'.includes(ch)) {
      out.push(ch);
    }
  }
  return out.join('');
}

// ---- whitespace -------------------------------------------------------------------------------------------

/** Runs of spaces inside a line become one, trailing spaces and runs of blank lines go; indentation stays (but the whole text is trimmed). */
function collapseWhitespace(text: string): string {
  return text
    .replace(/(?<=\S)(?:[ \t]{2,}|\t)/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
