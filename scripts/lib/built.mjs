// How a process of the platform is run: the compiled JavaScript in dist/ (`npm run build:services`) with plain
// node when that build is there and newer than every source file bundled into it, otherwise the TypeScript
// source through tsx (development: edits take effect on the next start without a build).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';

const MANIFEST = 'manifest.json';

/**
 * Is dist/ usable for `sources` (repository paths of entry points, e.g. services/auth/src/server.ts)?
 * `{ ok: true, manifest }`, or `{ ok: false, reason }` naming the first thing missing or changed since the build.
 */
export function checkBuild(sources, { root, outdir = join(root, 'dist') }) {
  const manifestPath = join(outdir, MANIFEST);
  if (!existsSync(manifestPath)) return { ok: false, reason: `no build (${MANIFEST} missing in ${outdir})` };
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (err) {
    return { ok: false, reason: `unreadable ${MANIFEST}: ${err.message}` };
  }
  const bySource = new Map(Object.values(manifest.entries ?? {}).map((e) => [e.source, e]));
  const checked = new Set();
  for (const source of sources) {
    const entry = bySource.get(source);
    if (!entry) return { ok: false, reason: `${source} is not in the build` };
    if (!existsSync(join(outdir, entry.output))) return { ok: false, reason: `${entry.output} missing` };
    for (const input of entry.inputs) {
      if (checked.has(input)) continue;
      checked.add(input);
      let mtimeMs;
      try {
        ({ mtimeMs } = statSync(join(root, input)));
      } catch {
        return { ok: false, reason: `${input} (bundled into ${entry.output}) no longer exists` };
      }
      if (mtimeMs > manifest.builtAt) return { ok: false, reason: `${input} changed since the build` };
    }
  }
  return { ok: true, manifest };
}

/**
 * The runner for a set of entry points: `args(source)` is the node argv for one of them (built or tsx),
 * `mode` 'built' | 'tsx', `describe` the line to log.
 */
export function chooseRunner(sources, { root, outdir = join(root, 'dist') }) {
  const check = checkBuild(sources, { root, outdir });
  if (check.ok) {
    const bySource = new Map(Object.values(check.manifest.entries).map((e) => [e.source, e]));
    return {
      mode: 'built',
      describe: `running the built JavaScript in ${outdir} with node (built ${new Date(check.manifest.builtAt).toISOString()})`,
      args: (source) => ['--enable-source-maps', resolve(outdir, bySource.get(source).output)],
    };
  }
  return {
    mode: 'tsx',
    describe: `running the TypeScript sources through tsx: ${check.reason} (npm run build:services compiles them)`,
    args: (source) => ['--import', 'tsx', source],
  };
}

/** Runs one entry point to completion with the runner's argv (migrate, seed). */
export function runEntry(runner, source, { env = {}, stdio = 'inherit' } = {}) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, runner.args(source), { env: { ...process.env, ...env }, stdio });
    child.on('error', fail);
    child.on('exit', (code) => done({ code: code ?? 1 }));
  });
}
