import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';
import type { Embedder } from './embedder.js';

/**
 * The built-in embedder: LEXICAL, NOT SEMANTIC. It hashes words, word bigrams and character trigrams into a
 * fixed number of buckets (the "hashing trick", signed to cancel collisions on average) and L2-normalises the
 * result, so cosine similarity measures shared vocabulary and spelling: "car" and "automobile" are unrelated
 * to it. Chinese is segmented into words with jieba first (search mode, so a
 * compound like 北京大学图书馆 also matches 北京大学 and 图书馆). Deterministic, offline, fast; good enough for
 * keyword-like retrieval and for tests, and replaced by a real model via EMBEDDING_URL.
 * An empty (or punctuation-only) text embeds to the zero vector, which is similar to nothing.
 */
export function createLexicalEmbedder(opts: { dimension?: number } = {}): Embedder {
  const dimension = opts.dimension ?? 384;
  if (!Number.isInteger(dimension) || dimension < 8) throw new Error(`lexical embedder dimension must be an integer ≥ 8, got ${dimension}`);
  return {
    model: `lexical-hash-${dimension}`,
    dimension,
    embed: async (texts) => texts.map((text) => embedOne(text, dimension)),
  };
}

// jieba's native module and dictionary load once, on first use.
let jieba: Jieba | undefined;
function segmenter(): Jieba {
  if (!jieba) {
    const require = createRequire(import.meta.url);
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

const WORD = /[\p{L}\p{N}]/u;

/** Lower-cased words; Chinese split by jieba's search mode (long words also yield their parts: 北京大学 → 北京, 大学, 北京大学), other scripts at non-letters. */
export function tokenize(text: string): string[] {
  const normalized = text.normalize('NFKC').toLowerCase();
  if (!WORD.test(normalized)) return [];
  const words: string[] = [];
  for (const t of segmenter().cutForSearch(normalized, true)) {
    // Most segments are one word already: only the others are split (and spaces, punctuation dropped).
    if (WHOLE_WORD.test(t)) words.push(t);
    else for (const part of t.split(NON_WORD)) if (part.length > 0) words.push(part);
  }
  return words;
}
const WHOLE_WORD = /^[\p{L}\p{N}]+$/u;
const NON_WORD = /[^\p{L}\p{N}]+/u;

// 32-bit FNV-1a over UTF-16 code units, with a seed so the bucket and the sign are independent hashes. A feature
// is a prefix and parts of the text ("w:" + word, "b:" + word + " " + word, "c:" + three characters): FNV-1a is
// a running hash, so the parts are hashed where they lie instead of concatenated into new strings first — the
// same hash as of the concatenation, so vectors stay identical to those already stored.
const FNV_PRIME = 0x01000193;
const SIGN_SEED = 0x9e3779b9;

function fnvRange(h: number, s: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h;
}

/** The (bucket-hash, sign-hash) state after hashing `prefix` from each seed. */
function seeded(prefix: string): [number, number] {
  return [fnvRange((0x811c9dc5 ^ 0) >>> 0, prefix, 0, prefix.length), fnvRange((0x811c9dc5 ^ SIGN_SEED) >>> 0, prefix, 0, prefix.length)];
}
const WORD_FEATURE = seeded('w:');
const BIGRAM_FEATURE = seeded('b:');
const TRIGRAM_FEATURE = seeded('c:');
const SPACE = ' '.charCodeAt(0);
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

function add(v: Float64Array, bucketHash: number, signHash: number, weight: number) {
  const sign = signHash & 1 ? 1 : -1;
  v[(bucketHash >>> 0) % v.length]! += sign * weight;
}

function embedOne(text: string, dimension: number): number[] {
  const v = new Float64Array(dimension);
  const words = tokenize(text);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    add(v, fnvRange(WORD_FEATURE[0], w, 0, w.length), fnvRange(WORD_FEATURE[1], w, 0, w.length), 1);
    if (i > 0) {
      const p = words[i - 1]!;
      let h0 = fnvRange(BIGRAM_FEATURE[0], p, 0, p.length);
      let h1 = fnvRange(BIGRAM_FEATURE[1], p, 0, p.length);
      h0 = Math.imul(h0 ^ SPACE, FNV_PRIME) >>> 0;
      h1 = Math.imul(h1 ^ SPACE, FNV_PRIME) >>> 0;
      add(v, fnvRange(h0, w, 0, w.length), fnvRange(h1, w, 0, w.length), 0.5);
    }
    // Character trigrams (with word boundaries) match inflections and typos; spread so long words don't dominate.
    // Characters are code points: `starts` holds where each begins in `bounded` (and where the text ends).
    const bounded = `<${w}>`;
    const starts: number[] = [];
    for (let j = 0; j < bounded.length; j++) {
      const code = bounded.charCodeAt(j);
      if (code >= 0xdc00 && code <= 0xdfff && j > 0 && isHighSurrogate(bounded.charCodeAt(j - 1))) continue;
      starts.push(j);
    }
    const chars = starts.length;
    starts.push(bounded.length);
    const weight = 0.5 / Math.sqrt(Math.max(1, chars - 2));
    for (let j = 0; j + 3 <= chars; j++) {
      add(v, fnvRange(TRIGRAM_FEATURE[0], bounded, starts[j]!, starts[j + 3]!), fnvRange(TRIGRAM_FEATURE[1], bounded, starts[j]!, starts[j + 3]!), weight);
    }
  }
  let norm = 0;
  for (let i = 0; i < dimension; i++) norm += v[i]! * v[i]!;
  norm = Math.sqrt(norm);
  const out = new Array<number>(dimension);
  for (let i = 0; i < dimension; i++) out[i] = norm > 0 ? v[i]! / norm : 0;
  return out;
}
