import path from 'node:path';

// Command line of the simulator: ComfyUI's own flags (comfy/cli_args.py) plus `--sim-*` flags.
// Unlike ComfyUI's argparse (which exits 2 on an unknown flag) unknown flags are reported and ignored.

export interface SimOptions {
  /** Addresses to bind, as ComfyUI's `--listen` (comma separated; bare `--listen` = "0.0.0.0,::"). */
  listen: string[];
  port: number;
  outputDirectory: string;
  inputDirectory: string;
  /** ComfyUI appends `/temp` to `--temp-directory`. */
  tempDirectory: string;
  userDirectory: string;
  databaseUrl: string | null;
  cudaDevice: string | null;
  disableAutoLaunch: boolean;
  /** `--enable-cors-header [origin]`: null = off (then the Host/Origin check is active). */
  enableCorsHeader: string | null;
  maxUploadSizeMb: number;
  previewMethod: string;
  logStdout: boolean;
  disableMetadata: boolean;
  verbose: string;
  /** `--front-end-root DIR`: a built ComfyUI frontend served at `/` (null: the simulator's own page). */
  frontEndRoot: string | null;
  // simulator-only
  startupDelayMs: number;
  crashAfter: number;
  hangAfter: number;
  hangAtStart: boolean;
  hangIgnoreSigterm: boolean;
  runMs: number;
  failPrompts: boolean;
  /** Flags we did not recognise (ignored, reported on stderr). */
  unknown: string[];
}

export class UsageError extends Error {}

type Kind = 'string' | 'int' | 'float' | 'bool' | 'optional';

interface FlagSpec {
  key: keyof SimOptions | null; // null = accepted and ignored
  kind: Kind;
  /** value used for `optional` flags given without a value */
  constValue?: string;
  env?: string;
}

const FLAGS: Record<string, FlagSpec> = {
  '--listen': { key: 'listen', kind: 'optional', constValue: '0.0.0.0,::' },
  '--port': { key: 'port', kind: 'int' },
  '--output-directory': { key: 'outputDirectory', kind: 'string' },
  '--input-directory': { key: 'inputDirectory', kind: 'string' },
  '--temp-directory': { key: 'tempDirectory', kind: 'string' },
  '--user-directory': { key: 'userDirectory', kind: 'string' },
  '--base-directory': { key: null, kind: 'string' },
  '--database-url': { key: 'databaseUrl', kind: 'string' },
  '--cuda-device': { key: 'cudaDevice', kind: 'string' },
  '--disable-auto-launch': { key: 'disableAutoLaunch', kind: 'bool' },
  '--auto-launch': { key: null, kind: 'bool' },
  '--enable-cors-header': { key: 'enableCorsHeader', kind: 'optional', constValue: '*' },
  '--max-upload-size': { key: 'maxUploadSizeMb', kind: 'float' },
  '--preview-method': { key: 'previewMethod', kind: 'string' },
  '--log-stdout': { key: 'logStdout', kind: 'bool' },
  '--disable-metadata': { key: 'disableMetadata', kind: 'bool' },
  '--verbose': { key: 'verbose', kind: 'optional', constValue: 'DEBUG' },
  // accepted, no effect in the simulator
  '--tls-keyfile': { key: null, kind: 'string' },
  '--tls-certfile': { key: null, kind: 'string' },
  '--extra-model-paths-config': { key: null, kind: 'string' },
  '--front-end-version': { key: null, kind: 'string' },
  '--front-end-root': { key: 'frontEndRoot', kind: 'string' },
  '--cpu': { key: null, kind: 'bool' },
  '--lowvram': { key: null, kind: 'bool' },
  '--novram': { key: null, kind: 'bool' },
  '--normalvram': { key: null, kind: 'bool' },
  '--highvram': { key: null, kind: 'bool' },
  '--gpu-only': { key: null, kind: 'bool' },
  '--multi-user': { key: null, kind: 'bool' },
  '--dont-print-server': { key: null, kind: 'bool' },
  '--disable-all-custom-nodes': { key: null, kind: 'bool' },
  '--disable-smart-memory': { key: null, kind: 'bool' },
  '--fast': { key: null, kind: 'optional', constValue: '' },
  '--reserve-vram': { key: null, kind: 'float' },
  '--cache-lru': { key: null, kind: 'int' },
  '--cache-classic': { key: null, kind: 'bool' },
  '--cache-none': { key: null, kind: 'bool' },
  '--force-fp16': { key: null, kind: 'bool' },
  '--force-fp32': { key: null, kind: 'bool' },
  '--windows-standalone-build': { key: null, kind: 'bool' },
  // simulator-only (each also settable by env)
  '--sim-startup-delay': { key: 'startupDelayMs', kind: 'int', env: 'COMFY_SIM_STARTUP_DELAY' },
  '--sim-crash-after': { key: 'crashAfter', kind: 'int', env: 'COMFY_SIM_CRASH_AFTER' },
  '--sim-hang-after': { key: 'hangAfter', kind: 'int', env: 'COMFY_SIM_HANG_AFTER' },
  '--sim-hang-at-start': { key: 'hangAtStart', kind: 'bool', env: 'COMFY_SIM_HANG_AT_START' },
  '--sim-hang-ignore-sigterm': { key: 'hangIgnoreSigterm', kind: 'bool', env: 'COMFY_SIM_HANG_IGNORE_SIGTERM' },
  '--sim-run-ms': { key: 'runMs', kind: 'int', env: 'COMFY_SIM_RUN_MS' },
  '--sim-fail-prompts': { key: 'failPrompts', kind: 'bool', env: 'COMFY_SIM_FAIL_PROMPTS' },
};

export function defaultOptions(cwd = process.cwd()): SimOptions {
  return {
    listen: ['127.0.0.1'],
    port: 8188,
    outputDirectory: `${cwd}/output`,
    inputDirectory: `${cwd}/input`,
    tempDirectory: `${cwd}/temp`,
    userDirectory: `${cwd}/user`,
    databaseUrl: null,
    cudaDevice: null,
    disableAutoLaunch: false,
    enableCorsHeader: null,
    maxUploadSizeMb: 100,
    previewMethod: 'none',
    logStdout: false,
    disableMetadata: false,
    verbose: 'INFO',
    frontEndRoot: null,
    startupDelayMs: 0,
    crashAfter: 0,
    hangAfter: 0,
    hangAtStart: false,
    hangIgnoreSigterm: false,
    runMs: 300,
    failPrompts: false,
    unknown: [],
  };
}

function convert(flag: string, spec: FlagSpec, raw: string): unknown {
  switch (spec.kind) {
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim())) throw new UsageError(`argument ${flag}: invalid int value: '${raw}'`);
      return Number.parseInt(raw, 10);
    }
    case 'float': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`argument ${flag}: invalid float value: '${raw}'`);
      return n;
    }
    case 'bool':
      return !/^(0|false|no|off|)$/i.test(raw.trim());
    default:
      return raw;
  }
}

function assign(opts: SimOptions, spec: FlagSpec, flag: string, value: unknown): void {
  if (!spec.key) return;
  if (spec.key === 'listen') {
    opts.listen = String(value).split(',').map((s) => s.trim()).filter(Boolean);
    if (opts.listen.length === 0) opts.listen = ['127.0.0.1'];
    return;
  }
  if (spec.key === 'tempDirectory') {
    // ComfyUI: folder_paths.set_temp_directory(os.path.join(os.path.abspath(args.temp_directory), "temp"))
    opts.tempDirectory = `${String(value).replace(/\/+$/, '')}/temp`;
    return;
  }
  (opts as unknown as Record<string, unknown>)[spec.key] = value;
  void flag;
}

const looksLikeFlag = (s: string | undefined) => s !== undefined && /^--?[A-Za-z]/.test(s);

/** Parse argv (without node and script) and the `COMFY_SIM_*` environment. Flags win over env. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): SimOptions {
  const opts = defaultOptions(cwd);
  for (const [flag, spec] of Object.entries(FLAGS)) {
    if (!spec.env) continue;
    const raw = env[spec.env];
    if (raw === undefined || raw === '') continue;
    assign(opts, spec, flag, convert(`${spec.env} (env)`, spec, raw));
  }
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    if (arg === '--') continue;
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const spec = FLAGS[arg];
    if (!spec) {
      if (arg.startsWith('-')) {
        // lenient: an unknown flag swallows a following non-flag token as its value
        const val = inline ?? (!looksLikeFlag(argv[i + 1]) && argv[i + 1] !== undefined ? argv[++i] : undefined);
        opts.unknown.push(val === undefined ? arg : `${arg} ${val}`);
      } else {
        opts.unknown.push(arg);
      }
      continue;
    }
    let raw: string;
    if (spec.kind === 'bool') {
      raw = inline ?? 'true';
    } else if (spec.kind === 'optional') {
      if (inline !== undefined) raw = inline;
      else if (argv[i + 1] !== undefined && !looksLikeFlag(argv[i + 1])) raw = argv[++i]!;
      else raw = spec.constValue ?? '';
    } else {
      if (inline !== undefined) raw = inline;
      else if (argv[i + 1] !== undefined) raw = argv[++i]!;
      else throw new UsageError(`argument ${arg}: expected one argument`);
    }
    assign(opts, spec, arg, convert(arg, spec, raw));
  }
  if (opts.port < 0 || opts.port > 65535) throw new UsageError(`argument --port: invalid port ${opts.port}`);
  // ComfyUI makes these absolute (os.path.abspath)
  opts.outputDirectory = path.resolve(cwd, opts.outputDirectory);
  opts.inputDirectory = path.resolve(cwd, opts.inputDirectory);
  opts.tempDirectory = path.resolve(cwd, opts.tempDirectory);
  opts.userDirectory = path.resolve(cwd, opts.userDirectory);
  if (opts.frontEndRoot !== null) opts.frontEndRoot = path.resolve(cwd, opts.frontEndRoot);
  return opts;
}

export const SIM_FLAGS_HELP = `simulator flags (each also as env COMFY_SIM_*):
  --sim-startup-delay <ms>    pretend imports take this long before the port is bound (default 0)
  --sim-crash-after <n>       exit 1 right after accepting the n-th POST /prompt
  --sim-hang-after <n>        block the event loop forever when the n-th prompt starts running
  --sim-hang-at-start         bind the port, then never answer
  --sim-hang-ignore-sigterm   while hung, ignore SIGTERM too (only SIGKILL ends it)
  --sim-run-ms <ms>           time one prompt takes (default 300)
  --sim-fail-prompts          every run ends in execution_error`;
