import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { enUS, zhCN } from '../src/i18n/messages.js';
import { COMFY_STATUSES, statusBadge } from '../src/pages/workbench/logic/service-status.js';

const root = join(import.meta.dirname, '../src/pages/workbench');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });

t.test('every literal key the workbench pages use exists in both languages', async (t) => {
  const keys = new Set<string>();
  for (const file of files(root)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bt\('([\w.]+)'/g)) keys.add(match[1]!);
  }
  t.ok(keys.size > 40, `found ${keys.size} keys`);
  for (const key of keys) {
    t.ok(zhCN[key], `zh-CN ${key}`);
    t.ok(enUS[key], `en-US ${key}`);
  }
});

t.test('status, age and form-problem keys built at run time exist too', async (t) => {
  const dynamic = [
    ...[...COMFY_STATUSES, null, 'other'].map((s) => statusBadge(s).labelKey),
    ...['justNow', 'seconds', 'minutes', 'hours', 'days'].map((k) => `workbench.ago.${k}`),
    'workbench.form.nameRequired', 'workbench.form.nameTooLong', 'workbench.form.codeRequired', 'workbench.form.codePattern', 'workbench.form.noteTooLong',
  ];
  for (const key of dynamic) {
    t.ok(zhCN[key], `zh-CN ${key}`);
    t.ok(enUS[key], `en-US ${key}`);
  }
  const zhWorkbench = Object.keys(zhCN).filter((k) => /^(workbench|instances)\./.test(k)).sort();
  const enWorkbench = Object.keys(enUS).filter((k) => /^(workbench|instances)\./.test(k)).sort();
  t.same(enWorkbench, zhWorkbench, 'the same keys in both languages');
});
