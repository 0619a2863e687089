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
  return segmenter()
    .cutForSearch(normalized, true)
    .flatMap((t) => t.split(/[^\p{L}\p{N}]+/u))
    .filter((t) => t.length > 0);
}

// 32-bit FNV-1a over UTF-16 code units, with a seed so the bucket and the sign are independent hashes.
function fnv1a(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function add(v: Float64Array, feature: string, weight: number) {
  const bucket = fnv1a(feature, 0) % v.length;
  const sign = fnv1a(feature, 0x9e3779b9) & 1 ? 1 : -1;
  v[bucket]! += sign * weight;
}

function embedOne(text: string, dimension: number): number[] {
  const v = new Float64Array(dimension);
  const words = tokenize(text);
  words.forEach((w, i) => {
    add(v, `w:${w}`, 1);
    if (i > 0) add(v, `b:${words[i - 1]} ${w}`, 0.5);
    // Character trigrams (with word boundaries) match inflections and typos; spread so long words don't dominate.
    const chars = [...`<${w}>`];
    const grams = Math.max(1, chars.length - 2);
    for (let j = 0; j + 3 <= chars.length; j++) add(v, `c:${chars.slice(j, j + 3).join('')}`, 0.5 / Math.sqrt(grams));
  });
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return Array.from(v, (x) => (norm > 0 ? x / norm : 0));
}
