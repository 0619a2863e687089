// Helpers for the platform and tests: the command that starts the simulator exactly like ComfyUI.
import { fileURLToPath } from 'node:url';

export { defaultWorkflow, NODE_DEFS, type ApiPrompt } from './nodes.js';
export { parseArgs, SIM_FLAGS_HELP, type SimOptions } from './args.js';
export { SIM_VERSION } from './version.js';
export { PNG_SIGNATURE } from './png.js';

/** Absolute path of the simulator's entry point (src/main.ts). */
export const SIMULATOR_MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Absolute `file://` URL of tsx's ESM loader, so `node --import <it>` works from any cwd. */
export function tsxLoaderUrl(): string {
  return import.meta.resolve('tsx/esm');
}

/** ComfyUI's flags, with `{port}` and `{dataDir}` placeholders, as the orchestrator passes them. */
export const COMFY_ARGS_TEMPLATE = [
  '--listen', '127.0.0.1',
  '--port', '{port}',
  '--output-directory', '{dataDir}/output',
  '--input-directory', '{dataDir}/input',
  '--temp-directory', '{dataDir}',
  '--user-directory', '{dataDir}/user',
  '--database-url', 'sqlite:///{dataDir}/comfy.db',
  '--disable-auto-launch',
];

/**
 * The command template the orchestrator uses by default (`COMFYUI_COMMAND`):
 * `<node> --import <file URL of tsx/esm> <abs>/packages/comfyui-sim/src/main.ts --listen 127.0.0.1 --port {port} ...`.
 * Tokens are separated by single spaces (the paths of this checkout contain none).
 */
export function simulatorCommand(): string {
  return [process.execPath, '--import', tsxLoaderUrl(), SIMULATOR_MAIN, ...COMFY_ARGS_TEMPLATE].join(' ');
}

/** The same command as an argv array (`[command, ...args]`), safe for paths with spaces. */
export function simulatorArgv(): string[] {
  return [process.execPath, '--import', tsxLoaderUrl(), SIMULATOR_MAIN, ...COMFY_ARGS_TEMPLATE];
}

/** Replace `{port}` and `{dataDir}` in a template token or string. */
export function fillTemplate(template: string, values: { port: number | string; dataDir: string }): string {
  return template.replaceAll('{port}', String(values.port)).replaceAll('{dataDir}', values.dataDir);
}
