import t from 'tap';
import {
  DEFAULT_PRESET, RANGE_PRESETS, matchPreset, presetDays, presetRange, rangeDays, toDayRange, todayIn,
} from '../src/pages/stats/logic/date-range.js';

const today = new Date(2026, 2, 15, 17, 42); // 15 March 2026, local afternoon

t.test('presets end today and cover their number of calendar days', async (t) => {
  t.same(presetRange('today', today), { start: '2026-03-15', end: '2026-03-15' });
  t.same(presetRange('last7', today), { start: '2026-03-09', end: '2026-03-15' });
  t.same(presetRange('last30', today), { start: '2026-02-14', end: '2026-03-15' });
  t.same(presetRange('last90', today), { start: '2025-12-16', end: '2026-03-15' });
  for (const p of RANGE_PRESETS) t.equal(rangeDays(presetRange(p, today)).length, presetDays(p), `${p} has ${presetDays(p)} days`);
  t.equal(DEFAULT_PRESET, 'last7');
});

t.test('presets cross month and year ends', async (t) => {
  t.same(presetRange('last7', new Date(2026, 0, 3)), { start: '2025-12-28', end: '2026-01-03' });
  t.same(presetRange('last30', '2024-03-01'), { start: '2024-02-01', end: '2024-03-01' }, 'leap year: February has 29 days');
});

t.test('a range is recognised as its preset, a custom one is not', async (t) => {
  for (const p of RANGE_PRESETS) t.equal(matchPreset(presetRange(p, today), today), p);
  t.equal(matchPreset({ start: '2026-03-01', end: '2026-03-15' }, today), null);
  t.equal(matchPreset(presetRange('last7', today), new Date(2026, 2, 16)), null, 'yesterday\'s "last 7 days" is custom today');
});

t.test('picker values become a day range', async (t) => {
  t.same(toDayRange('2026-03-01T10:00:00', '2026-03-05'), { start: '2026-03-01', end: '2026-03-05' });
  t.same(toDayRange(new Date(2026, 2, 5), new Date(2026, 2, 1)), { start: '2026-03-01', end: '2026-03-05' }, 'reversed ends are swapped');
  t.same(toDayRange('2026-03-02', null), { start: '2026-03-02', end: '2026-03-02' });
  t.same(toDayRange(undefined, '2026-03-02'), { start: '2026-03-02', end: '2026-03-02' });
  t.equal(toDayRange(null, undefined), null);
  t.equal(toDayRange('not a date', 'nope'), null);
});

t.test('every day of a range, bounded', async (t) => {
  t.same(rangeDays({ start: '2026-02-27', end: '2026-03-02' }), ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  t.same(rangeDays({ start: '2026-03-02', end: '2026-03-01' }), [], 'an inverted range is empty');
  t.equal(rangeDays({ start: '2000-01-01', end: '2026-01-01' }, 100).length, 100);
});

t.test('days are the platform zone’s days, like the stats service’s rollup, whatever the browser’s zone', async (t) => {
  // 16:00 UTC is midnight in Shanghai (+08:00), 18:30 UTC in Kolkata (+05:30).
  t.equal(todayIn('Asia/Shanghai', new Date('2026-03-15T15:59:59Z')), '2026-03-15');
  t.equal(todayIn('Asia/Shanghai', new Date('2026-03-15T16:00:00Z')), '2026-03-16');
  t.equal(todayIn('Asia/Shanghai', new Date('2026-03-15T23:30:00Z')), '2026-03-16', '23:30 UTC is the next morning in Shanghai');
  t.equal(todayIn('UTC', new Date('2026-03-15T23:30:00Z')), '2026-03-15', 'and the same day in UTC');
  t.equal(todayIn('Asia/Kolkata', new Date('2026-03-15T18:30:00Z')), '2026-03-16');
  t.equal(todayIn('America/Los_Angeles', new Date('2026-01-01T05:00:00Z')), '2025-12-31', 'west of UTC, across a year end');
  t.same(presetRange('last7', todayIn('Asia/Shanghai', new Date('2026-03-15T16:30:00Z'))), { start: '2026-03-10', end: '2026-03-16' }, 'presets end on the zone’s today');
});
