#!/usr/bin/env node
// `npm run build:services`: every process the platform runs, compiled to JavaScript that plain `node` runs
// (no tsx loader at run time; tsx stays a development tool).
//
// One esbuild bundle per entry point, dist/<service>/<entry>.mjs (ESM, node20, source maps next to it):
//   services/<s>/src/{server,worker,agent}.ts  →  dist/<s>/{server,worker,agent}.mjs
//   packages/db/src/cli/{migrate,seed}.ts     →  dist/db/{migrate,seed}.mjs
// The workspace packages (@app/*, TypeScript sources) are bundled in; every other package stays an import of
// node_modules, resolved at run time exactly where the source would resolve it (a package a service keeps in its
// own node_modules, e.g. a second undici version, is imported by relative path from there).
// A bundled module's import.meta.url / dirname / filename still name its source file, so files read next to the
// sources keep working unchanged: prisma/migrations (packages/db), the PGlite worker-thread file
// (services/vectors/src/plugins/external/pglite-thread.mjs, plain JavaScript), the ComfyUI simulator's main.
// The repository's files therefore stay next to dist/ (the image keeps the whole /app).
//
// dist/manifest.json records, per entry, its source and every source file bundled into it, and when the build
// started: scripts/lib/built.mjs uses dist/ only while none of those files changed since (npm start).
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '..');
export const MANIFEST = 'manifest.json';

/** `{ '<service>/<entry>': '<source path relative to the repository>' }` for every process entry point. */
export function serviceEntries(root = ROOT) {
  /** @type {Record<string, string>} */
  const entries = {};
  for (const service of readdirSync(join(root, 'services')).sort()) {
    for (const entry of ['server', 'worker', 'agent']) {
      const source = `services/${service}/src/${entry}.ts`;
      if (existsSync(join(root, source))) entries[`${service}/${entry}`] = source;
    }
  }
  entries['db/migrate'] = 'packages/db/src/cli/migrate.ts';
  entries['db/seed'] = 'packages/db/src/cli/seed.ts';
  return entries;
}

const toPosix = (p) => p.split(sep).join('/');
const BUILTINS = new Set(builtinModules);
const packageName = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

/** The node_modules/<name> directory Node finds for `name` imported from `dir`. */
function packageDirFrom(dir, name) {
  for (let d = dir; ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', name);
    if (existsSync(candidate)) return realpathSync(candidate);
    if (dirname(d) === d) return undefined;
  }
}

const META = /\bimport\.meta\.(url|dirname|filename)\b/g;
const LOADERS = { ts: 'ts', mts: 'ts', cts: 'ts', tsx: 'tsx', js: 'js', mjs: 'js', cjs: 'js', jsx: 'jsx' };

/**
 * @app/* bundled, other packages external (bare where the bundle resolves them to the same directory as the
 * source does, else by relative path), import.meta of a bundled module pointing at its source file.
 */
function workspacePlugin({ root, outdir }) {
  const rootModules = join(root, 'node_modules');
  // Every output sits one folder below outdir (dist/<service>/<entry>.mjs): paths relative to that folder.
  const outputDir = join(outdir, '_');
  const fromOutput = (file) => {
    const rel = toPosix(relative(outputDir, file));
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
  return {
    name: 'xl-workspace',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData?.xlResolving || args.kind === 'entry-point') return undefined;
        if (args.path.startsWith('node:') || BUILTINS.has(args.path)) return { path: args.path, external: true };
        if (args.path.startsWith('@app/')) return undefined; // workspace TypeScript: bundled
        const name = packageName(args.path);
        const found = packageDirFrom(args.resolveDir, name);
        const atRoot = existsSync(join(rootModules, name)) ? realpathSync(join(rootModules, name)) : undefined;
        if (found && found === atRoot) return { path: args.path, external: true };
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { xlResolving: true } });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return { path: fromOutput(resolved.path), external: true };
      });
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!META.test(text)) return undefined;
        META.lastIndex = 0;
        const loader = LOADERS[args.path.slice(args.path.lastIndexOf('.') + 1)];
        const source = JSON.stringify(fromOutput(args.path));
        // Function declarations appended at the end: hoisted, so top-level code above them can call them; the
        // source map keeps every original line where it was.
        const contents = `${text.replace(META, (_, prop) => `__xlSource_${prop}()`)}
;import { fileURLToPath as __xlFileURLToPath } from 'node:url';
function __xlSource_url() { return new URL(${source}, import.meta.url).href; }
function __xlSource_filename() { return __xlFileURLToPath(__xlSource_url()); }
function __xlSource_dirname() { return __xlFileURLToPath(new URL('.', __xlSource_url())).replace(/[\\\\/]$/, ''); }
`;
        return { contents, loader };
      });
    },
  };
}

/**
 * @typedef {{ source: string, output: string, inputs: string[], bytes: number }} BuiltEntry
 * @typedef {{ builtAt: number, node: string, entries: Record<string, BuiltEntry> }} Manifest
 */

/**
 * Builds every entry (or `only`, a list of entry names) into `outdir` (default dist/) and writes its manifest.
 * Returns the manifest.
 * @param {{ root?: string, outdir?: string, only?: string[], log?: (message: string) => void }} [options]
 * @returns {Promise<Manifest>}
 */
export async function buildServices({ root = ROOT, outdir = join(root, 'dist'), only, log = () => {} } = {}) {
  const { build } = await import('esbuild');
  const all = serviceEntries(root);
  const entries = only ? Object.fromEntries(only.map((name) => [name, all[name]])) : all;
  for (const [name, source] of Object.entries(entries)) {
    if (!source) throw new Error(`no such entry: ${name}`);
    if (name.split('/').length !== 2) throw new Error(`entry ${name}: names are <folder>/<file>`);
  }
  mkdirSync(outdir, { recursive: true });
  // No manifest while outputs are being written: npm start never picks a half-written dist/.
  rmSync(join(outdir, MANIFEST), { force: true });
  const startedAt = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, source]) => [name, join(root, source)])),
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Node's own resolution for what stays external; nothing of the bundle depends on "module" fields.
    conditions: ['node'],
    mainFields: ['main'],
    sourcemap: 'linked',
    sourcesContent: false,
    // Class and function names as in the source (error names, Fastify plugin names in logs).
    keepNames: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [workspacePlugin({ root, outdir })],
  });
  /** @type {Manifest} */
  const manifest = { builtAt: startedAt, node: process.version, entries: {} };
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!output.entryPoint) continue;
    const name = Object.keys(entries).find((n) => toPosix(relative(root, join(root, entries[n]))) === toPosix(output.entryPoint));
    if (!name) continue;
    manifest.entries[name] = {
      source: entries[name],
      output: toPosix(relative(outdir, join(root, file))),
      inputs: Object.keys(output.inputs).map((p) => toPosix(p)).sort(),
      bytes: output.bytes,
    };
    log(`${entries[name]} → ${toPosix(relative(root, join(root, file)))} (${Math.round(output.bytes / 1024)} KiB, ${output.inputs ? Object.keys(output.inputs).length : 0} files)`);
  }
  const missing = Object.keys(entries).filter((n) => !manifest.entries[n]);
  if (missing.length > 0) throw new Error(`esbuild produced no output for ${missing.join(', ')}`);
  writeFileSync(join(outdir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outArg = process.argv.indexOf('--outdir');
  const outdir = outArg > 0 ? resolve(process.argv[outArg + 1]) : undefined;
  const started = performance.now();
  try {
    const manifest = await buildServices({ outdir, log: (m) => console.log(`[build] ${m}`) });
    console.log(`[build] ${Object.keys(manifest.entries).length} entries in ${Math.round(performance.now() - started)} ms → ${toPosix(relative(process.cwd(), outdir ?? join(ROOT, 'dist')))}/`);
  } catch (err) {
    console.error(`[build] failed: ${err.message}`);
    process.exit(1);
  }
}
