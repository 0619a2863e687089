// The console's strings: `t()` takes only keys of the Chinese catalogue and each area's English catalogue has
// exactly its keys (both enforced by `tsc -p web`, which checks this file too); here the same, at run time.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { TFunction } from '../src/i18n/preferences.js';
import { enUS, zhCN } from '../src/i18n/messages.js';
import { DASHBOARD_FIELDS, TREND_KEYS } from '../src/pages/dashboard/logic/dashboard.js';
import { SERIES_KEYS } from '../src/pages/stats/logic/chart-option.js';
import { RANGE_PRESETS } from '../src/pages/stats/logic/date-range.js';
import { COMFY_STATUSES, statusBadge } from '../src/pages/workbench/logic/service-status.js';
import { DIMENSIONS, LOG_STATUSES } from '../src/lib/stats-data.js';

// A key the catalogue does not have is refused by the type check.
function unknownKey(translate: TFunction) {
  // @ts-expect-error not a key of the catalogue
  return translate('no.such.key');
}
void unknownKey;

const src = join(import.meta.dirname, '../src');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });

t.test('both languages have the same keys, none of them empty', async (t) => {
  t.same(Object.keys(enUS).sort(), Object.keys(zhCN).sort());
  for (const [key, text] of [...Object.entries(zhCN), ...Object.entries(enUS)]) t.ok(text.trim(), key);
});

t.test('every literal key of the source exists in both languages', async (t) => {
  const keys = new Set<string>();
  for (const file of files(src)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\b(?:t|tNow)\('([\w.]+)'/g)) keys.add(match[1]!);
  }
  t.ok(keys.size > 200, `found ${keys.size} keys`);
  for (const key of keys) t.ok(zhCN[key] && enUS[key], key);
});

t.test('keys built at run time exist too', async (t) => {
  const dynamic = [
    ...RANGE_PRESETS.map((p) => `stats.preset.${p}`),
    ...DIMENSIONS.flatMap((d) => [`stats.dimension.${d}`, `stats.chart.${d}`]),
    ...SERIES_KEYS.flatMap((k) => [`stats.series.${k}`, `stats.totals.${k}`]),
    ...LOG_STATUSES.map((s) => `stats.status.${s}`),
    ...DASHBOARD_FIELDS.map((f) => `dashboard.card.${f}`),
    ...TREND_KEYS.map((k) => `dashboard.trend.${k}`),
    ...[...COMFY_STATUSES, null, 'other'].map((s) => statusBadge(s).labelKey),
    ...['justNow', 'seconds', 'minutes', 'hours', 'days'].map((k) => `workbench.ago.${k}`),
  ];
  for (const key of dynamic) t.ok(zhCN[key] && enUS[key], key);
  t.equal(zhCN['stats.preset.last7'], '近7天');
  t.equal(zhCN['stats.preset.today'], '今天');
});
