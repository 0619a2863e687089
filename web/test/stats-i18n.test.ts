import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { enUS, zhCN } from '../src/i18n/messages.js';
import { DIMENSIONS, SERIES_KEYS } from '../src/pages/stats/logic/chart-option.js';
import { RANGE_PRESETS } from '../src/pages/stats/logic/date-range.js';
import { LOG_STATUSES } from '../src/pages/stats/logic/format.js';
import { DASHBOARD_FIELDS, TREND_KEYS } from '../src/pages/dashboard/logic/dashboard.js';

const src = join(import.meta.dirname, '../src');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });

t.test('every literal key of the stats and dashboard pages exists in both languages', async (t) => {
  const keys = new Set<string>();
  for (const file of [...files(join(src, 'pages/stats')), ...files(join(src, 'pages/dashboard')), join(src, 'api/stats.ts')]) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\b(?:t|tNow)\('([\w.]+)'/g)) keys.add(match[1]!);
  }
  t.ok(keys.size > 30, `found ${keys.size} keys`);
  for (const key of keys) {
    t.ok(zhCN[key], `zh-CN ${key}`);
    t.ok(enUS[key], `en-US ${key}`);
  }
});

t.test('keys built at run time exist too', async (t) => {
  const dynamic = [
    ...RANGE_PRESETS.map((p) => `stats.preset.${p}`),
    ...DIMENSIONS.map((d) => `stats.dimension.${d}`),
    ...DIMENSIONS.map((d) => `stats.chart.${d}`),
    ...SERIES_KEYS.map((k) => `stats.series.${k}`),
    ...SERIES_KEYS.map((k) => `stats.totals.${k}`),
    ...LOG_STATUSES.map((s) => `stats.status.${s}`),
    ...DASHBOARD_FIELDS.map((f) => `dashboard.card.${f}`),
    ...TREND_KEYS.map((k) => `dashboard.trend.${k}`),
  ];
  for (const key of dynamic) {
    t.ok(zhCN[key], `zh-CN ${key}`);
    t.ok(enUS[key], `en-US ${key}`);
  }
  const ours = (dict: Record<string, string>) => Object.keys(dict).filter((k) => /^(stats|dashboard)\./.test(k)).sort();
  t.same(ours(enUS), ours(zhCN), 'the same keys in both languages');
  t.equal(zhCN['stats.preset.last7'], '近7天');
  t.equal(zhCN['stats.preset.today'], '今天');
});
