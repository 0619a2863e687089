// Entry point: started like ComfyUI's main.py, e.g.
//   node --import tsx packages/comfyui-sim/src/main.ts --listen 127.0.0.1 --port 8188 --output-directory D/output ...
// Startup mirrors ComfyUI: log, "import" for --sim-startup-delay ms, then bind; a taken port is only discovered
// at that point (OSError, exit 1). On bind: "To see the GUI go to: http://<addr>:<port>" on the log stream.
import { createServer, type Server } from 'node:http';
import { SIM_FLAGS_HELP, UsageError, parseArgs, type SimOptions } from './args.js';
import { existsSync, statSync } from 'node:fs';
import { recordLog } from './logs.js';
import { hangForever } from './hang.js';
import { ComfySim } from './server.js';
import { SIM_VERSION } from './version.js';

const argv = process.argv.slice(2);
if (argv.includes('-h') || argv.includes('--help')) {
  process.stdout.write(`usage: main.py [--listen [IP]] [--port PORT] [--output-directory DIR] [--input-directory DIR]
               [--temp-directory DIR] [--user-directory DIR] [--database-url URL] [--cuda-device ID]
               [--enable-cors-header [ORIGIN]] [--max-upload-size MB] [--disable-auto-launch] ...

ComfyUI simulator (not real ComfyUI). Other ComfyUI flags are accepted and ignored.

${SIM_FLAGS_HELP}
`);
  process.exit(0);
}

let opts: SimOptions;
try {
  opts = parseArgs(argv);
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`usage: main.py [-h] [--listen [IP]] [--port PORT] ...\nmain.py: error: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}

const out = opts.logStdout ? process.stdout : process.stderr;
const log = (line: string) => {
  const text = line.endsWith('\n') ? line : `${line}\n`;
  recordLog(text);
  out.write(text);
};

log(`ComfyUI simulator (not real ComfyUI): speaks ComfyUI's HTTP + WebSocket API, runs no model, writes placeholder images. version ${SIM_VERSION}, pid ${process.pid}`);

const servers: Server[] = [];
let sim: ComfySim | null = null;
let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  log(signal === 'SIGINT' ? '\nStopped server' : `Stopped server (${signal})`);
  sim?.stop();
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
  process.exit(0);
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

for (const u of opts.unknown) log(`WARNING: unrecognized argument ignored by the simulator: ${u}`);
if (opts.cudaDevice !== null) {
  process.env.CUDA_VISIBLE_DEVICES = opts.cudaDevice;
  log(`Set cuda device to: ${opts.cudaDevice}`);
}

const total = Math.round((await import('node:os')).totalmem() / 1024 / 1024);
log('Checkpoint files will always be loaded safely.');
log(`Total VRAM ${total} MB, total RAM ${total} MB (simulated CPU device)`);
log('pytorch version: 2.8.0+cpu (simulated)');
log('Set vram state to: DISABLED');
log('Device: cpu');
log(`Python version: simulated by node ${process.version}`);
log(`ComfyUI version: ${SIM_VERSION}`);
log(`Setting output directory to: ${opts.outputDirectory}`);
log(`Setting input directory to: ${opts.inputDirectory}`);
log(`Setting temp directory to: ${opts.tempDirectory}`);
log(`Setting user directory to: ${opts.userDirectory}`);
if (opts.frontEndRoot !== null) {
  if (!existsSync(opts.frontEndRoot) || !statSync(opts.frontEndRoot).isDirectory()) {
    // aiohttp's web.static refuses a missing folder when the routes are added, before the port is bound
    process.stderr.write(`Traceback (most recent call last):\n  File "server.py", line 900, in add_routes\nValueError: No directory exists at '${opts.frontEndRoot}'\n`);
    process.exit(1);
  }
  log(`[Prompt Server] web root: ${opts.frontEndRoot}`);
}
if (opts.databaseUrl) log(`Database URL: ${opts.databaseUrl} (not opened by the simulator)`);
if (opts.startupDelayMs > 0) log(`sim: importing nodes for ${opts.startupDelayMs} ms (--sim-startup-delay)`);

sim = new ComfySim(opts, log);
sim.onCrash = (n) => {
  log(`sim: crashing after accepting prompt #${n} (--sim-crash-after ${opts.crashAfter})`);
  process.exit(1);
};

await new Promise((r) => setTimeout(r, Math.max(0, opts.startupDelayMs)));
log('\nImport times for custom nodes:\n   0.0 seconds (simulated): comfyui-sim\n');

function listen(address: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => void sim!.handle(req, res));
    server.on('upgrade', (req, socket, head) => sim!.handleUpgrade(req, socket, head));
    server.once('error', reject);
    server.listen({ host: address, port: opts.port, ipv6Only: address.includes(':'), exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

try {
  for (const address of opts.listen) {
    const server = await listen(address);
    servers.push(server);
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : opts.port;
    log('Starting server\n');
    log(`To see the GUI go to: http://${address.includes(':') ? `[${address}]` : address}:${port}`);
  }
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  const address = opts.listen[servers.length];
  const errno = e.code === 'EADDRINUSE' ? 98 : e.code === 'EADDRNOTAVAIL' ? 99 : e.code === 'EACCES' ? 13 : 0;
  const reason = e.code === 'EADDRINUSE' ? 'address already in use' : e.code === 'EADDRNOTAVAIL' ? 'cannot assign requested address' : e.code === 'EACCES' ? 'permission denied' : e.message;
  process.stderr.write(
    'Traceback (most recent call last):\n' +
      '  File "main.py", line 380, in <module>\n    event_loop.run_until_complete(x)\n' +
      '  File "server.py", line 920, in start_multi_address\n    await site.start()\n' +
      `OSError: [Errno ${errno}] error while attempting to bind on address ('${address}', ${opts.port}): ${reason}\n`,
  );
  process.exit(1);
}

if (opts.hangAtStart) {
  log('sim: hanging now (--sim-hang-at-start): port bound, nothing will answer');
  await new Promise((r) => setTimeout(r, 20));
  hangForever(opts.hangIgnoreSigterm);
}
