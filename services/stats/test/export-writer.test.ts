// The export's memory brake reads exceljs's internal pipe into the zip: an exceljs that moves it must fail
// here, not quietly let a million-row export pile up in memory again.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import t from 'tap';
import { pendingBytes } from '../src/plugins/app/export-writer.js';

t.test('pendingBytes sees the sheet XML waiting for the zip, and sees it drain', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'xlsx-')), 'a.xlsx');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('rows');
  t.equal(pendingBytes(sheet), 0, 'nothing written yet');
  for (let i = 0; i < 20_000; i++) sheet.addRow([i, `row ${i}`, new Date(Date.UTC(2026, 0, 1, 0, 0, i))]).commit();
  const piled = pendingBytes(sheet);
  t.ok(piled > 64 * 1024, `written without a pause, rows wait for the zip (${piled} bytes)`);
  for (let waited = 0; pendingBytes(sheet) > 0 && waited < 10_000; waited += 5) await new Promise((r) => setTimeout(r, 5));
  t.equal(pendingBytes(sheet), 0, 'given time, the zip takes them all');
  sheet.commit();
  await workbook.commit();
  const back = new ExcelJS.Workbook();
  await back.xlsx.readFile(file);
  t.equal(back.getWorksheet('rows')!.rowCount, 20_000, 'and the file holds every row');
});
