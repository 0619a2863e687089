// The floor for an export: exceljs's streaming WorkbookWriter alone, no database, writing ROWS rows with the
// columns, styles and options of services/stats/src/plugins/app/export-writer.ts (plus its per-day sheet).
// Run by run.ts as its own process, so its peak RSS is measured the same way as the export worker's.
// Env: ROWS, OUT (the .xlsx path). Prints one JSON line: { rows, ms, bytes, maxRssMb }.
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { pendingBytes } from '../../services/stats/src/plugins/app/export-writer.js';

const rows = Number(process.env.ROWS ?? 1_000_000);
const out = process.env.OUT ?? '/tmp/bench-raw-exceljs.xlsx';
const DAY_MS = 86_400_000;
// The export writer's ways: one shared style object per column, rows as arrays, a brake on the zip's backlog.
const DATE_STYLE: Partial<ExcelJS.Style> = { numFmt: 'yyyy-mm-dd hh:mm:ss' };
const PLAIN_STYLE: Partial<ExcelJS.Style> = {};

function addSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: Partial<ExcelJS.Column>[]) {
  const sheet = workbook.addWorksheet(name);
  sheet.columns = columns;
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return sheet;
}

const started = performance.now();
const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
const sheet = addSheet(workbook, '生成日志', [
  { header: '日志ID', key: 'logId', width: 12 },
  { header: '时间 (UTC)', key: 'timestamp', width: 21, style: DATE_STYLE },
  { header: '用户ID', key: 'userId', width: 9 },
  { header: '项目ID', key: 'projectId', width: 9 },
  { header: '状态', key: 'status', width: 10 },
  { header: '耗时 (ms)', key: 'durationMs', width: 11 },
  { header: 'Prompt ID', key: 'promptId', width: 38 },
  { header: '实例', key: 'serviceId', width: 38 },
  { header: '并发ID', key: 'concurrentId', width: 16 },
  { header: '用户', key: 'userName', width: 16 },
  { header: '项目', key: 'projectName', width: 24 },
]);
// Rows shaped like the seeded ones: half from ComfyUI (prompt + instance uuids), half from the API.
const first = Date.now() - 180 * DAY_MS;
const step = (180 * DAY_MS) / rows;
const perDay = new Map<string, { total: number; success: number; failed: number }>();
const instances = Array.from({ length: 600 }, () => randomUUID());
for (let i = 1; i <= rows; i++) {
  const comfy = i % 2 === 0;
  const r = (i * 2654435761) % 100;
  const status = r < 3 ? 'running' : r < 15 ? 'failed' : 'success';
  const timestamp = new Date(first + (i - 1) * step);
  const line = sheet.addRow([
    String(i),
    timestamp,
    1 + (i % 200),
    1 + (i % 50),
    status,
    status === 'running' ? undefined : 500 + (i % 60_000),
    comfy ? randomUUID() : undefined,
    comfy ? instances[i % instances.length] : undefined,
    comfy ? undefined : `batch-${i >> 3}`,
    `bench_user_${1 + (i % 200)}`,
    `生成项目 ${1 + (i % 50)}`,
  ]);
  line.eachCell((cell, col) => {
    cell.style = col === 2 ? DATE_STYLE : PLAIN_STYLE;
  });
  line.commit();
  const day = timestamp.toISOString().slice(0, 10);
  const d = perDay.get(day) ?? { total: 0, success: 0, failed: 0 };
  d.total++;
  if (status === 'success') d.success++;
  if (status === 'failed') d.failed++;
  perDay.set(day, d);
  if (i % 100 === 0) {
    await new Promise((r) => setImmediate(r));
    while (pendingBytes(sheet) > 1 << 20) await new Promise((r) => setTimeout(r, 1));
  }
}
sheet.commit();
const summary = addSheet(workbook, '每日汇总', [
  { header: '日期', key: 'day', width: 12 },
  { header: '总数', key: 'total', width: 10 },
  { header: '成功', key: 'success', width: 10 },
  { header: '失败', key: 'failed', width: 10 },
]);
for (const [day, d] of [...perDay].sort(([a], [b]) => a.localeCompare(b))) summary.addRow({ day, ...d }).commit();
summary.commit();
await workbook.commit();
const ms = performance.now() - started;
console.log(JSON.stringify({ rows, ms, bytes: statSync(out).size, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
