// The server monitor's pure parts: how figures read, how the 15-minute history is kept and drawn, and the
// polling decision that stops while the tab is hidden.
import t from 'tap';
import type { ServerSample } from '@app/contracts/schemas/monitor';
import { formatBytes, formatLoad, formatPercent, formatRate, formatTemperature, formatUptime, formatUsedOf, LEVEL_COLORS, usageColor, usageLevel } from '../src/pages/monitor/logic/format.js';
import {
  buildCoresOption, buildGaugeOption, buildNetworkOption, buildUsageOption, HISTORY_WINDOW, HISTORY_WINDOW_MS, mergeSamples, metricValue, sampleOf, USAGE_METRICS,
} from '../src/pages/monitor/logic/history.js';
import { nextPoll, pollingOptions, pollInterval, POLL_DEFAULT_MS, POLL_MAX_MS, POLL_MIN_MS, type Visibility } from '../src/pages/monitor/logic/polling.js';

const GB = 1024 ** 3;

/** A sample at `at` (ms), CPU at `cpu` %, the rest fixed. */
function sample(at: number, cpu = 10, extra: Partial<ServerSample> = {}): ServerSample {
  return {
    timestamp: new Date(at).toISOString(),
    cpu: { usage: cpu, cores: [cpu, cpu / 2], count: 2, model: 'Test CPU' },
    loadavg: [0.5, 0.25, 0.125],
    memory: { total: 16 * GB, used: 4 * GB, free: 10 * GB, available: 12 * GB, usage: 25 },
    swap: { total: 0, used: 0, free: 0, usage: 0 },
    disk: { total: 100 * GB, used: 91 * GB, free: 9 * GB, usage: 91, mounts: [] },
    network: { rxBytesPerSec: 2048, txBytesPerSec: 512, interfaces: [] },
    uptime: 3600,
    ...extra,
  };
}

t.test('bytes, rates and percentages read as a person would say them', async (t) => {
  t.equal(formatBytes(0), '0 B');
  t.equal(formatBytes(512), '512 B');
  t.equal(formatBytes(1536), '1.5 KB');
  t.equal(formatBytes(8 * GB), '8 GB', 'powers of 1024, no trailing .0');
  t.equal(formatBytes(1024 * 1024 - 1), '1 MB', '1023.999 KB does not show as "1024 KB"');
  t.equal(formatBytes(3.25 * 1024 ** 4), '3.3 TB');
  for (const bad of [null, undefined, NaN, -1, Infinity]) t.equal(formatBytes(bad as number), '-', `${bad} → -`);
  t.equal(formatRate(1536), '1.5 KB/s');
  t.equal(formatRate(null), '-');
  t.equal(formatPercent(45.27), '45.3%');
  t.equal(formatPercent(100), '100%');
  t.equal(formatPercent(null), '-');
  t.equal(formatUsedOf(4 * GB, 16 * GB), '4 GB / 16 GB');
});

t.test('uptime, load and temperature', async (t) => {
  t.equal(formatUptime(42), '42s');
  t.equal(formatUptime(5 * 60 + 59), '5m');
  t.equal(formatUptime(4 * 3600 + 5 * 60), '4h 05m');
  t.equal(formatUptime(3 * 86_400 + 4 * 3600 + 5 * 60 + 7), '3d 4h 05m');
  t.equal(formatUptime(undefined), '-');
  t.equal(formatLoad([0.52, 0.6, 1]), '0.52 / 0.60 / 1.00');
  t.equal(formatLoad([]), '-');
  t.equal(formatTemperature(64.6), '65 °C');
  t.equal(formatTemperature(null), '-', 'a card that reports no temperature');
});

t.test('usage levels colour the gauges and bars', async (t) => {
  t.equal(usageLevel(69.9), 'normal');
  t.equal(usageLevel(70), 'warning');
  t.equal(usageLevel(90), 'danger');
  t.equal(usageLevel(null), 'normal');
  t.equal(usageColor(95), LEVEL_COLORS.danger);
});

t.test('the history keeps each sample once, in order, within 15 minutes of the newest', async (t) => {
  t.equal(HISTORY_WINDOW, '15m');
  const base = Date.UTC(2026, 10, 26, 0, 0, 0);
  const history = [sample(base), sample(base + 2000), sample(base + 4000, 40)];
  // Polling answers the newest sample again (same timestamp) and then a new one.
  const polled = [sample(base + 4000, 41), sample(base + 6000, 50)];
  const merged = mergeSamples(history, polled);
  t.same(merged.map((s) => Date.parse(s.timestamp) - base), [0, 2000, 4000, 6000], 'one per timestamp, oldest first');
  t.equal(merged[2]!.cpu.usage, 41, 'the later list wins for a repeated timestamp');
  t.same(mergeSamples([sample(base + 6000)], [sample(base)]).map((s) => Date.parse(s.timestamp) - base), [0, 6000], 'sorted whatever the input order');

  const late = sample(base + HISTORY_WINDOW_MS + 2000);
  t.same(
    mergeSamples(history, [late]).map((s) => Date.parse(s.timestamp) - base),
    [4000, HISTORY_WINDOW_MS + 2000],
    'samples older than the window before the newest are dropped',
  );
  t.same(mergeSamples([], []), []);
  t.same(mergeSamples([{ ...sample(base), timestamp: 'not a time' }], []), [], 'a sample without a valid time is dropped');
});

t.test('the line charts: one point per sample, percentages 0–100, network as rates', async (t) => {
  const base = Date.UTC(2026, 10, 26, 0, 0, 0);
  const samples = [sample(base, 10), sample(base + 2000, 20), sample(base + 4000, 30)];
  for (const m of USAGE_METRICS) {
    const option = buildUsageOption(samples, m, m) as { xAxis: { data: string[] }; yAxis: { min: number; max: number }; series: { data: number[] }[] };
    t.equal(option.xAxis.data.length, 3, `${m}: one category per sample`);
    t.same(option.series[0]!.data, samples.map((s) => metricValue(s, m)), `${m}: its percentages`);
    t.same([option.yAxis.min, option.yAxis.max], [0, 100], `${m}: on a 0–100 axis`);
  }
  const cpu = buildUsageOption(samples, 'cpu', 'CPU') as { series: { data: number[] }[] };
  t.same(cpu.series[0]!.data, [10, 20, 30]);
  // Redrawn at every poll: an animation would replay every few seconds.
  for (const option of [cpu, buildNetworkOption(samples, { rx: 'in', tx: 'out' }), buildCoresOption([1]), buildGaugeOption(5, 'x')]) t.equal((option as { animation?: boolean }).animation, false, 'not animated');
  const net = buildNetworkOption(samples, { rx: 'in', tx: 'out' }) as {
    series: { name: string; data: number[] }[];
    yAxis: { axisLabel: { formatter: (v: number) => string } };
  };
  t.same(net.series.map((s) => s.name), ['in', 'out']);
  t.same(net.series[0]!.data, [2048, 2048, 2048]);
  t.same(net.series[1]!.data, [512, 512, 512]);
  t.equal(net.yAxis.axisLabel.formatter(2048), '2 KB/s', 'the axis reads as rates');
});

t.test('gauges and per-core bars', async (t) => {
  const gauge = buildGaugeOption(91.26, 'Disk') as { series: { type: string; data: { value: number; name: string }[]; progress: { itemStyle: { color: string } }; detail: { formatter: (v: number) => string } }[] };
  t.equal(gauge.series[0]!.type, 'gauge');
  t.same(gauge.series[0]!.data, [{ value: 91.3, name: 'Disk' }]);
  t.equal(gauge.series[0]!.progress.itemStyle.color, LEVEL_COLORS.danger, 'a nearly full disk is red');
  t.equal(gauge.series[0]!.detail.formatter(91.3), '91.3%');
  const unknown = buildGaugeOption(null, 'Swap') as { series: { detail: { formatter: (v: number) => string } }[] };
  t.equal(unknown.series[0]!.detail.formatter(0), '-', 'no figure yet reads "-", not 0%');

  const cores = buildCoresOption([12.34, 75, 95]) as { xAxis: { data: string[] }; series: { data: { value: number; itemStyle: { color: string } }[] }[] };
  t.same(cores.xAxis.data, ['CPU0', 'CPU1', 'CPU2']);
  t.same(cores.series[0]!.data.map((d) => d.value), [12.3, 75, 95]);
  t.same(cores.series[0]!.data.map((d) => d.itemStyle.color), [LEVEL_COLORS.normal, LEVEL_COLORS.warning, LEVEL_COLORS.danger]);
});

t.test('sampleOf keeps the sample and drops what describes the answer', async (t) => {
  const s = sample(Date.UTC(2026, 0, 1));
  const answer = { ...s, node: 'n1', status: 'up', intervalMs: 2000, nodes: [], history: [s] };
  t.same(sampleOf(answer), s);
  t.notOk('node' in sampleOf(answer));
  const gpu = [{ index: 0, name: 'A100', uuid: null, memoryTotal: 8 * GB, memoryUsed: GB, memoryUsage: 12.5, utilization: 3, temperature: 40 }];
  t.same(sampleOf({ ...s, gpu }).gpu, gpu, 'GPUs when the node has some');
});

t.test('polling: the server’s interval within 2–5 s, nothing while hidden', async (t) => {
  t.equal(pollInterval(2000), 2000);
  t.equal(pollInterval(100), POLL_MIN_MS, 'faster than 2 s is pointless');
  t.equal(pollInterval(60_000), POLL_MAX_MS, 'slower than 5 s looks frozen');
  t.equal(pollInterval(undefined), POLL_DEFAULT_MS);
  t.equal(pollInterval(NaN), POLL_DEFAULT_MS);
  t.equal(nextPoll('visible', 2000), 2000);
  t.equal(nextPoll('hidden', 2000), false, 'no poll while hidden');
  t.equal(nextPoll(undefined, 3000), 3000, 'no document: poll');

  let visibility: Visibility = 'visible';
  const options = pollingOptions<{ intervalMs: number }>((d) => d?.intervalMs, () => visibility);
  t.equal(options.refetchIntervalInBackground, false, 'react-query skips ticks in the background too');
  t.equal(options.refetchOnWindowFocus, true, 'coming back refetches at once');
  t.equal(options.refetchInterval({ state: { data: { intervalMs: 4000 } } }), 4000);
  t.equal(options.refetchInterval({ state: { data: undefined } }), POLL_DEFAULT_MS, 'before the first answer');
  visibility = 'hidden';
  t.equal(options.refetchInterval({ state: { data: { intervalMs: 4000 } } }), false, 'hidden: the interval stops');
  visibility = 'visible';
  t.equal(options.refetchInterval({ state: { data: { intervalMs: 4000 } } }), 4000, 'visible again: it resumes');
});
