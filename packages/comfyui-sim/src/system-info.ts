// What the simulator says about its "machine" and its nodes: GET /system_stats (a CPU device, honouring
// CUDA_VISIBLE_DEVICES as --cuda-device sets it) and GET /object_info (LoadImage lists the input folder).
import { freemem, totalmem } from 'node:os';
import type { Folders } from './folders.js';
import { NODE_DEFS } from './nodes.js';
import { SIM_VERSION } from './version.js';

export function systemStats() {
  const cvd = process.env.CUDA_VISIBLE_DEVICES;
  const total = totalmem();
  const free = freemem();
  return {
    system: {
      os: process.platform,
      ram_total: total,
      ram_free: free,
      comfyui_version: SIM_VERSION,
      required_frontend_version: '0.0.0-sim',
      python_version: '3.12.3 (simulated by node ' + process.version + ')',
      pytorch_version: '2.8.0+cpu (simulated)',
      embedded_python: false,
      argv: ['main.py', ...process.argv.slice(2)],
    },
    devices: [
      {
        name: cvd !== undefined ? `cpu (simulated; CUDA_VISIBLE_DEVICES=${cvd})` : 'cpu (simulated)',
        type: 'cpu',
        index: cvd !== undefined ? 0 : null,
        vram_total: total,
        vram_free: free,
        torch_vram_total: total,
        torch_vram_free: free,
        ...(cvd !== undefined ? { cuda_visible_devices: cvd } : {}),
      },
    ],
  };
}

/** GET /object_info (every node) or /object_info/{class} (`{}` for an unknown class). */
export function objectInfo(folders: Folders, cls?: string) {
  const withInputs = (name: string) => {
    const def = NODE_DEFS[name]!;
    if (name !== 'LoadImage') return def;
    return { ...def, input: { ...def.input, required: { image: [folders.inputNames(), { image_upload: true }] } } };
  };
  if (cls !== undefined) return NODE_DEFS[cls] ? { [cls]: withInputs(cls) } : {};
  return Object.fromEntries(Object.keys(NODE_DEFS).map((k) => [k, withInputs(k)]));
}
