// The floor for an export: the export's own workbook writer (logBook in
// services/stats/src/plugins/app/export-writer.ts) fed ROWS generated rows, no database.
// Run by run.ts as its own process, so its peak RSS is measured the same way as the export worker's.
// Env: ROWS, OUT (the .xlsx path). Prints one JSON line: { rows, ms, bytes, maxRssMb }.
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { hostZone } from '@app/service-kit/dates';
import { logBook } from '../../services/stats/src/plugins/app/export-writer.js';

const rows = Number(process.env.ROWS ?? 1_000_000);
const out = process.env.OUT ?? '/tmp/bench-raw-exceljs.xlsx';
const DAY_MS = 86_400_000;

const started = performance.now();
// The zone the export worker would write in (PLATFORM_TIMEZONE, else the host's).
const book = logBook(out, process.env.PLATFORM_TIMEZONE || hostZone());
// Rows shaped like the seeded ones: half from ComfyUI (prompt + instance uuids), half from the API.
const first = Date.now() - 180 * DAY_MS;
const step = (180 * DAY_MS) / rows;
const instances = Array.from({ length: 600 }, () => randomUUID());
for (let i = 1; i <= rows; i++) {
  const comfy = i % 2 === 0;
  const r = (i * 2654435761) % 100;
  const status = r < 3 ? 'running' : r < 15 ? 'failed' : 'success';
  const timestamp = new Date(first + (i - 1) * step);
  await book.add([
    String(i),
    timestamp,
    1 + (i % 200),
    1 + (i % 50),
    status,
    status === 'running' ? null : 500 + (i % 60_000),
    comfy ? randomUUID() : null,
    comfy ? instances[i % instances.length] : null,
    comfy ? null : `batch-${i >> 3}`,
    `bench_user_${1 + (i % 200)}`,
    `生成项目 ${1 + (i % 50)}`,
  ]);
}
await book.finish();
const ms = performance.now() - started;
console.log(JSON.stringify({ rows, ms, bytes: statSync(out).size, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
