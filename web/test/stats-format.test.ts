import t from 'tap';
import { detailsText, formatDuration, logStatusColor, successRate } from '../src/pages/stats/logic/format.js';
import { isLogStatus, LOG_STATUSES, toCount } from '../src/lib/stats-data.js';

t.test('durations read at a glance', async (t) => {
  t.equal(formatDuration(0), '0 ms');
  t.equal(formatDuration(850), '850 ms');
  t.equal(formatDuration(999.6), '1000 ms');
  t.equal(formatDuration(1000), '1.0 s');
  t.equal(formatDuration(1530), '1.5 s');
  t.equal(formatDuration(59_999), '59.9 s', 'never rounds up to "60.0 s"');
  t.equal(formatDuration(60_000), '1m 00s');
  t.equal(formatDuration(125_000), '2m 05s');
  t.equal(formatDuration(3_599_999), '59m 59s');
  t.equal(formatDuration(7_380_000), '2h 03m');
  t.equal(formatDuration('2500'), '2.5 s', 'numeric strings (bigint columns) are accepted');
  for (const bad of [null, undefined, -1, Number.NaN, Infinity, '', 'x']) t.equal(formatDuration(bad as never), '-', `${String(bad)} → -`);
});

t.test('status colours and guards', async (t) => {
  t.same([...LOG_STATUSES], ['running', 'success', 'failed']);
  t.equal(logStatusColor('running'), 'processing');
  t.equal(logStatusColor('success'), 'success');
  t.equal(logStatusColor('failed'), 'error');
  t.equal(logStatusColor('weird'), 'default');
  t.ok(isLogStatus('failed'));
  t.notOk(isLogStatus('FAILED'));
  t.notOk(isLogStatus(null));
});

t.test('counts, rates and details', async (t) => {
  t.equal(toCount(5), 5);
  t.equal(toCount('12'), 12);
  t.equal(toCount(-3), 0);
  t.equal(toCount(null), 0);
  t.equal(toCount('abc'), 0);
  t.equal(successRate({ total: 0, success: 0 }), null);
  t.equal(successRate({ total: 3, success: 2 }), 66.7);
  t.equal(successRate({ total: 4, success: 4 }), 100);
  t.equal(detailsText(null), '');
  t.equal(detailsText('plain'), 'plain');
  t.equal(detailsText({ a: 1 }), '{"a":1}');
  t.equal(detailsText({ a: 1 }, true), '{\n  "a": 1\n}');
  const loop: Record<string, unknown> = {};
  loop.self = loop;
  t.equal(detailsText(loop), '[object Object]', 'a cycle does not throw');
});
