// GPUs in the samples, from nvidia-smi found on PATH: here a stand-in answering with recorded output, so the
// path runs on a machine without cards. A card that disappears is gone from the next sample.
import t from 'tap';
import type { DashboardResources, ServerStats } from '@app/contracts';
import { until } from '@app/testing';
import { ADMIN_PASSWORD, startPlatform } from '../../gateway/test/platform.js';
import { RECORDED, fakeNvidiaSmi } from './fixtures/nvidia-smi.js';

const smi = fakeNvidiaSmi(t);
// The monitor runs in this process: it finds nvidia-smi on this PATH.
const originalPath = process.env.PATH;
process.env.PATH = smi.path;
t.teardown(() => {
  process.env.PATH = originalPath;
});

const p = await startPlatform(t, { backends: ['monitor'], env: { MONITOR_INTERVAL_MS: '150', MONITOR_NODE_NAME: 'gpu-node' } });
const admin = await p.token('admin', ADMIN_PASSWORD);
const stats = async (): Promise<ServerStats> => (await (await p.fetch('/api/server/stats', { token: admin })).json()).data;
const MIB = 1024 * 1024;
/** The first sample taken after `since`: one that saw what nvidia-smi prints now. */
const sampleAfter = (since: number) => until(stats, (s) => Date.parse(s.timestamp) > since, 10_000, 'a newer sample', 50);

t.test('every card with its memory, utilisation and temperature; figures a card does not report are null', async (t) => {
  const s = await until(stats, (x) => x.gpu?.length === 3, 10_000, 'three cards', 50);
  t.same(s.gpu, [
    { index: 0, name: 'NVIDIA GeForce RTX 4090', uuid: 'GPU-8f6c3b1e-2d4a-4c1b-9a7e-3f2b1c0d9e8a', memoryTotal: 24564 * MIB, memoryUsed: 18342 * MIB, memoryUsage: 74.7, utilization: 97, temperature: 71 },
    { index: 1, name: 'NVIDIA GeForce RTX 4090', uuid: 'GPU-1a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d', memoryTotal: 24564 * MIB, memoryUsed: 3 * MIB, memoryUsage: 0, utilization: 0, temperature: 34 },
    { index: 2, name: 'Tesla T4', uuid: 'GPU-77e0c1d2-93ab-4f5e-b6c7-d8e9f0a1b2c3', memoryTotal: 15360 * MIB, memoryUsed: 0, memoryUsage: 0, utilization: null, temperature: null },
  ]);
  const r: DashboardResources = (await (await p.fetch('/api/dashboard/resources', { token: admin })).json()).data;
  t.same(
    r.nodes[0].gpu.map((g) => [g.index, g.utilization, g.memory, g.temperature]),
    [
      [0, 97, 74.7, 71],
      [1, 0, 0, 34],
      [2, null, 0, null],
    ],
    'the dashboard summary per card',
  );
});

t.test('a card that disappears is gone from the next sample; with none left the sample has no gpu', async (t) => {
  await until(stats, (x) => x.gpu?.length === 3, 10_000, 'three cards', 50);
  const lines = RECORDED.trim().split('\n');
  smi.show(`${lines[0]}\n${lines[2]}\n`);
  let since = Date.now();
  // A sample already running when the answer changed may still show it: the one after must not.
  const two = await until(async () => (await sampleAfter(since)).gpu, (g) => g?.length === 2, 10_000, 'two cards', 50);
  t.same(
    two!.map((g) => [g.index, g.name]),
    [
      [0, 'NVIDIA GeForce RTX 4090'],
      [2, 'Tesla T4'],
    ],
  );
  smi.show('');
  since = Date.now();
  const none = await until(async () => sampleAfter(since), (s) => s.gpu === undefined, 10_000, 'no cards', 50);
  t.notOk('gpu' in none, 'no gpu field without cards');
  const r: DashboardResources = (await (await p.fetch('/api/dashboard/resources', { token: admin })).json()).data;
  t.same(r.nodes[0].gpu, []);
  // The card comes back.
  smi.show(RECORDED);
  await until(stats, (x) => x.gpu?.length === 3, 10_000, 'three cards again', 50);
});
