import { mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { wallTimeIn } from '@app/service-kit/dates';
import type { Names } from './names.js';

export interface ExportFilters {
  start?: string;
  end?: string;
  projectId?: number;
  userId?: number;
  status?: string;
}

const BATCH = 5000;
const YIELD_EVERY = 100;
const MAX_PENDING = 1 << 20;
const DATE_COLUMN = 2;
const DATE_STYLE: Partial<ExcelJS.Style> = Object.freeze({ numFmt: 'yyyy-mm-dd hh:mm:ss' });
const PLAIN_STYLE: Partial<ExcelJS.Style> = Object.freeze({});

/** The SQL WHERE of an export: the same filters as GET /api/logs, with the caller's scope applied. */
export function exportWhere(filters: ExportFilters): { clause: string; params: unknown[] } {
  const params: unknown[] = [];
  const parts: string[] = [];
  if (filters.userId !== undefined) parts.push(`user_id = $${params.push(filters.userId)}`);
  if (filters.projectId !== undefined) parts.push(`project_id = $${params.push(filters.projectId)}`);
  if (filters.status) parts.push(`status = $${params.push(filters.status)}`);
  if (filters.start) parts.push(`"timestamp" >= $${params.push(filters.start)}::timestamptz`);
  if (filters.end) parts.push(`"timestamp" <= $${params.push(filters.end)}::timestamptz`);
  return { clause: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

interface ExportRow {
  logId: string;
  timestamp: Date;
  userId: number;
  projectId: number;
  status: string;
  durationMs: number | null;
  promptId: string | null;
  serviceId: string | null;
  concurrentId: string | null;
}

/**
 * Bytes of sheet XML handed to the zip but not compressed yet. exceljs pipes a sheet into the zip without
 * heeding backpressure, so a fast writer piles rows up in memory (a million rows: hundreds of MB). Reads
 * exceljs's internal pipe; should a later exceljs hide it, this says 0 and writing merely loses the brake
 * (the export test checks the brake still grips).
 */
export function pendingBytes(sheet: ExcelJS.Worksheet): number {
  const target = (sheet as unknown as { _stream?: { pipes?: { _writableState?: { length?: number } }[] } })._stream?.pipes?.[0];
  return target?._writableState?.length ?? 0;
}

/** Lets the zip catch up: a turn of the event loop, then more while over 1 MB waits to be compressed. */
async function drained(sheet: ExcelJS.Worksheet) {
  await new Promise((r) => setImmediate(r));
  while (pendingBytes(sheet) > MAX_PENDING) await new Promise((r) => setTimeout(r, 1));
}

/** A streamed sheet with its columns and a bold header row, already written out. */
function addSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: Partial<ExcelJS.Column>[]) {
  const sheet = workbook.addWorksheet(name);
  sheet.columns = columns;
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return sheet;
}

/** A cell value of the log sheet, in column order; empty values (null, undefined) make no cell at all. */
export type LogCells = [logId: string, timestamp: Date, userId: number, projectId: number, status: string, ...rest: (string | number | null | undefined)[]];

/**
 * The export's workbook: the log sheet (header row, column widths, date cells) and, at `finish`, the
 * per-day totals sheet. Rows are written the fast way (one shared style object per column, which exceljs
 * caches by identity; about a third of the writing time otherwise) and with a brake on the zip's backlog.
 * Times are the wall-clock times of `zone` (PLATFORM_TIMEZONE), named in their header, and the summary
 * counts its calendar days: a spreadsheet cell has no zone, so it holds what people there read on a clock.
 * bench/stats times this very writer without a database.
 */
export function logBook(filename: string, zone: string) {
  const wallTime = wallTimeIn(zone);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename, useStyles: true, useSharedStrings: false });
  const sheet = addSheet(workbook, '生成日志', [
    { header: '日志ID', key: 'logId', width: 12 },
    { header: `时间 (${zone})`, key: 'timestamp', width: 21, style: DATE_STYLE },
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
  const perDay = new Map<string, { total: number; success: number; failed: number }>();
  let rows = 0;
  return {
    async add(cells: LogCells) {
      const [, timestamp, , , status] = cells;
      const local = wallTime(timestamp);
      const line = sheet.addRow(cells.map((v, i) => (i === DATE_COLUMN - 1 ? local : (v ?? undefined))));
      line.eachCell((cell, col) => {
        cell.style = col === DATE_COLUMN ? DATE_STYLE : PLAIN_STYLE;
      });
      line.commit();
      const day = local.toISOString().slice(0, 10);
      const d = perDay.get(day) ?? { total: 0, success: 0, failed: 0 };
      d.total++;
      if (status === 'success') d.success++;
      if (status === 'failed') d.failed++;
      perDay.set(day, d);
      if (++rows % YIELD_EVERY === 0) await drained(sheet);
    },
    async finish() {
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
    },
  };
}

/**
 * Streams the matching logs from PostgreSQL (a server-side cursor, BATCH rows at a time) into exceljs's
 * streaming writer: memory stays flat however many rows there are. Sheet 1 holds the logs (header row,
 * column widths, real date cells), sheet 2 the per-day totals. Written to `<file>.part`, renamed when
 * complete, so a half-written file is never served.
 */
export async function writeExport(
  pool: pg.Pool,
  file: string,
  filters: ExportFilters,
  /** PLATFORM_TIMEZONE: the times and days of the workbook. */
  zone: string,
  onProgress: (done: number, total: number) => Promise<void>,
  names?: Names,
  /** The requester when not a `*` holder: only their own projects are named. */
  viewer?: number,
): Promise<{ rows: number; bytes: number }> {
  mkdirSync(dirname(file), { recursive: true });
  const { clause, params } = exportWhere(filters);
  const client = await pool.connect();
  try {
    const total = Number((await client.query(`SELECT count(*) AS n FROM xl_generation_logs ${clause}`, params)).rows[0].n);
    const part = `${file}.part`;
    const book = logBook(part, zone);
    const cursor = client.query(
      new Cursor(
        `SELECT log_id::text AS "logId", "timestamp", user_id AS "userId", project_id AS "projectId", status, duration_ms AS "durationMs",
                prompt_id AS "promptId", service_id AS "serviceId", concurrent_id AS "concurrentId"
           FROM xl_generation_logs ${clause} ORDER BY "timestamp", log_id`,
        params,
      ),
    );
    let done = 0;
    try {
      for (;;) {
        const rows = (await cursor.read(BATCH)) as ExportRow[];
        if (!rows.length) break;
        // Names per batch from the services owning them (cached there): a lookup per 5000 rows at most.
        const [projectNames, userNames] = names
          ? await Promise.all([names.projects(rows.map((r) => r.projectId), undefined, viewer), names.users(rows.map((r) => r.userId))])
          : [new Map<number, string>(), new Map<number, string>()];
        for (const row of rows) {
          await book.add([
            row.logId,
            row.timestamp,
            row.userId,
            row.projectId,
            row.status,
            row.durationMs,
            row.promptId,
            row.serviceId,
            row.concurrentId,
            userNames.get(row.userId),
            projectNames.get(row.projectId),
          ]);
        }
        done += rows.length;
        await onProgress(done, total);
      }
    } finally {
      await cursor.close();
    }
    await book.finish();
    renameSync(part, file);
    return { rows: done, bytes: statSync(file).size };
  } finally {
    client.release();
  }
}
