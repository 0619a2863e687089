/**
 * Source rows → vector docs (collection-plan.ts SourceDoc): the text, its chunks, their keys, metadata and
 * hash. Pure: the source readers and the tests share it, and a sync renders exactly what a build did.
 */
import { createHash } from 'node:crypto';
import { metadataNames, splitFieldKey } from '@app/contracts/field-keys';
import type { SourceDoc } from './collection-plan.js';

/** A chosen field: `key` is `<tableId>.<column>`. */
export interface RenderField {
  key: string;
  table: string;
  column: string;
}

export interface RenderSpec {
  /** The chosen fields, in fieldKeys order (the default text's line order). */
  fields: RenderField[];
  template?: string;
  chunkSize: number;
  /** Field keys whose values become the metadata. */
  metadataFields: string[];
  /** A field key whose value alone decides the hash (incremental sync). */
  updatedAtField?: string;
}


/** A value as JSON can carry it: Dates as ISO strings, bigints as strings, binary dropped (undefined). */
export function jsonSafe(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return undefined;
  return value;
}

/** A value as text: '' for null and binary, objects as JSON. */
export function textOf(value: unknown): string {
  const safe = jsonSafe(value);
  if (safe === null || safe === undefined) return '';
  if (typeof safe === 'object') return JSON.stringify(safe);
  return String(safe);
}

/** One part of a doc key: a single value as its text, a composite one as a JSON array. */
export function keyPart(values: unknown[]): string {
  if (values.length === 1) return Buffer.isBuffer(values[0]) ? (values[0] as Buffer).toString('hex') : textOf(values[0]);
  return JSON.stringify(values.map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : (jsonSafe(v) ?? null))));
}


const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** The placeholders of a template, as written (`column` or `table.column`). */
export function templatePlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** The field key a placeholder means: a full field key, else the first chosen field with that column; null when none. */
export function resolvePlaceholder(name: string, fields: RenderField[]): string | null {
  return (fields.find((f) => f.key === name) ?? fields.find((f) => f.column === name))?.key ?? null;
}

/** The text embedded for one row (values keyed by field key). */
export function renderContent(spec: Pick<RenderSpec, 'fields' | 'template'>, values: Record<string, unknown>): string {
  if (spec.template !== undefined && spec.template !== '') {
    return spec.template.replace(PLACEHOLDER, (_, name: string) => {
      const key = resolvePlaceholder(name, spec.fields);
      return key === null ? '' : textOf(values[key]);
    });
  }
  const lines: string[] = [];
  for (const f of spec.fields) {
    const text = textOf(values[f.key]);
    if (text.trim() !== '') lines.push(`${f.column}: ${text}`);
  }
  return lines.join('\n');
}

// Where a chunk may end, best first: a paragraph, a line, a sentence (Latin or CJK), a space.
const BREAKS = [/\n\s*\n/g, /\n/g, /[.!?。！？；;]\s*/g, /[\s,，、]/g];

/**
 * Splits text into pieces of at most `size` characters, ending each at the best break in its second half
 * (so no piece is tiny), else cutting hard (never inside a surrogate pair). Pieces are trimmed; empty ones go.
 */
export function chunkText(text: string, size: number): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > size) {
    const window = rest.slice(0, size + 1);
    let cut = -1;
    for (const re of BREAKS) {
      for (const m of window.matchAll(re)) {
        const end = m.index! + m[0].length;
        if (end >= size / 2 && end <= size) cut = end;
      }
      if (cut > 0) break;
    }
    if (cut <= 0) {
      cut = size;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    const piece = rest.slice(0, cut).trim();
    if (piece !== '') chunks.push(piece);
    rest = rest.slice(cut).trim();
  }
  if (rest !== '') chunks.push(rest);
  return chunks;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The docs of one row: its content split into chunks (`key`, `key~2`, `key~3`…), each with the row's
 * metadata and a hash of content and metadata — or of the updatedAtField's value when the plan names one
 * and the row has it. A row with no text at all gives no doc.
 */
export function renderDocs(spec: RenderSpec, key: string, values: Record<string, unknown>): SourceDoc[] {
  const names = metadataNames(spec.metadataFields);
  const metadata: Record<string, unknown> = {};
  for (const field of spec.metadataFields) {
    const value = jsonSafe(values[field]);
    if (value !== undefined) metadata[names.get(field)!] = value;
  }
  const updatedAt = spec.updatedAtField === undefined ? '' : textOf(values[spec.updatedAtField]);
  const chunks = chunkText(renderContent(spec, values), spec.chunkSize);
  return chunks.map((content, i) => ({
    key: i === 0 ? key : `${key}~${i + 1}`,
    content,
    hash: updatedAt !== '' ? sha256(`updatedAt\n${updatedAt}`) : sha256(JSON.stringify([content, metadata])),
    metadata,
  }));
}

export { metadataNames, splitFieldKey };
