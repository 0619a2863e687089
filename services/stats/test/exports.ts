// For the export tests: the separate export worker as a real child process, a task as its owner sees it, and
// a downloaded file opened back with exceljs.
import { spawn, type ChildProcess } from 'node:child_process';
import ExcelJS from 'exceljs';
import type { Test } from 'tap';
import type { Platform } from '../../gateway/test/platform.js';

/** `services/stats/src/worker.ts` as deployed (its own process), SIGKILLed at teardown if still up. */
export function startExportWorker(t: Test, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/stats/src/worker.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return child;
}

export async function exportTask(p: Platform, token: string, taskId: string) {
  return (await (await p.fetch(`/api/tasks/${taskId}`, { token })).json()).data as { status: string; progress: number; result?: { rows: number } };
}

/** A downloaded .xlsx, opened back with exceljs. */
export async function workbookOf(res: Response): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  return wb;
}
