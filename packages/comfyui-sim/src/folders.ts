// The instance's folders (output, input, temp) and ComfyUI's ways of naming a file in them: a `type`, a
// `subfolder` and a `filename`, or a filename annotated with its folder (`name.png [output]`).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SimOptions } from './args.js';
import type { ImageRef } from './history.js';
import { isObject } from './json-object.js';
import type { ApiPrompt } from './nodes.js';
import { simImage } from './png.js';

/** A file reference resolved to its folder and name, or the status ComfyUI refuses it with. */
export type Located = { dir: string; filename: string } | { refused: 400 | 403 };

/** `name [output|input|temp]` → the name and its folder type; otherwise the name as given and no type. */
export function parseAnnotated(name: string): { filename: string; type: string | null } {
  const annotated = /^(.*) \[(output|input|temp)\]$/.exec(name);
  return annotated ? { filename: annotated[1]!, type: annotated[2]! } : { filename: name, type: null };
}

export class Folders {
  constructor(private readonly opts: SimOptions) {}

  /** folder_paths.get_directory_by_type; no type means output, an unknown one null. */
  ofType(type: string | null): string | null {
    switch (type ?? 'output') {
      case 'output': return path.resolve(this.opts.outputDirectory);
      case 'input': return path.resolve(this.opts.inputDirectory);
      case 'temp': return path.resolve(this.opts.tempDirectory);
      default: return null;
    }
  }

  /**
   * A file named as `/view` and `/upload/mask`'s `original_ref` name it: an empty, absolute or `..` name or an
   * unknown type is refused with 400, a subfolder leaving the folder with 403. An annotation wins over `type`.
   */
  locate(name: string, type: string | null, subfolder: string | null): Located {
    const { filename, type: annotatedType } = parseAnnotated(name);
    if (!filename || filename[0] === '/' || filename.includes('..')) return { refused: 400 };
    const base = this.ofType(annotatedType ?? type);
    if (base === null) return { refused: 400 };
    if (!subfolder) return { dir: base, filename };
    const dir = path.resolve(base, subfolder);
    if (dir !== base && !dir.startsWith(base + path.sep)) return { refused: 403 };
    return { dir, filename };
  }

  /** An input file named as LoadImage takes it (`sub/name.png`, or `name.png [output]`), or null when there is none. */
  inputFile(name: string): string | null {
    const { filename, type } = parseAnnotated(name);
    const dir = this.ofType(type ?? 'input')!;
    const full = path.resolve(dir, filename);
    if (!full.startsWith(dir + path.sep)) return null;
    try {
      return statSync(full).isFile() ? full : null;
    } catch {
      return null;
    }
  }

  /** The SHA-256 of an input file (LoadImage's IS_CHANGED), or null when there is none. */
  inputHash(name: string): string | null {
    const file = this.inputFile(name);
    return file ? createHash('sha256').update(readFileSync(file)).digest('hex') : null;
  }

  /** The input folder's files, sorted (LoadImage's `image` options). */
  inputNames(): string[] {
    try {
      return readdirSync(this.opts.inputDirectory, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name).sort();
    } catch {
      return [];
    }
  }

  /**
   * SaveImage / PreviewImage: `<prefix>_<counter>_.png` under the output folder (or a random `ComfyUI_temp_xxxxx`
   * prefix in temp), the counter one past the highest in use; the prompt and extra_pnginfo as PNG text unless
   * --disable-metadata.
   */
  saveImage(kind: 'output' | 'temp', prefixInput: unknown, promptId: string, prompt: ApiPrompt, extra: Record<string, unknown>): ImageRef {
    let prefix = typeof prefixInput === 'string' && prefixInput.length ? prefixInput : 'ComfyUI';
    let base = this.opts.outputDirectory;
    if (kind === 'temp') {
      base = this.opts.tempDirectory;
      prefix = 'ComfyUI_temp_' + Array.from({ length: 5 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
    }
    const full = path.resolve(base, prefix);
    const root = path.resolve(base);
    if (!full.startsWith(root + path.sep)) {
      throw new Error(`**** ERROR: Saving image outside the output folder is not allowed.\n full_output_folder: ${path.dirname(full)}\n         output_dir: ${root}`);
    }
    const folder = path.dirname(full);
    const filenameBase = path.basename(full);
    const subfolder = path.relative(root, folder);
    mkdirSync(folder, { recursive: true });
    let counter = 1;
    const re = new RegExp(`^${escapeRe(filenameBase)}_(\\d+)_?\\.`);
    for (const f of readdirSync(folder)) {
      const m = re.exec(f);
      if (m) counter = Math.max(counter, Number(m[1]) + 1);
    }
    const filename = `${filenameBase}_${String(counter).padStart(5, '0')}_.png`;
    const text: Record<string, string> = {};
    if (!this.opts.disableMetadata) {
      text.prompt = JSON.stringify(prompt);
      const pnginfo = extra.extra_pnginfo;
      if (isObject(pnginfo)) for (const [k, v] of Object.entries(pnginfo)) text[k] = JSON.stringify(v);
    }
    writeFileSync(path.join(folder, filename), simImage(promptId, 64, text));
    return { filename, subfolder, type: kind };
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
