// How the sampler reads what the machine reports, on recorded input from the kinds of machines it runs on:
// a Kubernetes pod's mount table (overlay root, tmpfs, bind mounts of the node's disk, snaps), /proc/stat and
// /proc/net/dev lines, and nvidia-smi answers with missing figures.
import t from 'tap';
import type { DiskMount } from '@app/contracts';
import { diskSummary, parseNetDev, parseProcStat, realDisks } from '../src/plugins/app/samples-probe.js';
import { parseNvidiaSmi } from '../src/plugins/app/samples-gpu.js';

const GiB = 1024 ** 3;
const mount = (mountPoint: string, fs: string, type: string, totalGiB: number, usedGiB: number): DiskMount => ({
  mount: mountPoint,
  fs,
  type,
  total: totalGiB * GiB,
  used: usedGiB * GiB,
  free: (totalGiB - usedGiB) * GiB,
  usage: Math.round((usedGiB / totalGiB) * 1000) / 10,
});

t.test('disks: real filesystems only, each device once, a container layer or RAM disk never counted', async (t) => {
  // systeminformation's fsSize in a monitor-agent pod on a GPU node (host root mounted at /host).
  const pod = [
    mount('/', 'overlay', 'overlay', 200, 120),
    mount('/dev', 'tmpfs', 'tmpfs', 64, 0),
    mount('/dev/shm', 'shm', 'tmpfs', 0.0625, 0),
    mount('/tmp', '/dev/nvme0n1p2', 'ext4', 200, 120),
    mount('/etc/hosts', '/dev/nvme0n1p2', 'ext4', 200, 120),
    mount('/host', '/dev/nvme0n1p2', 'ext4', 200, 120),
    mount('/host/boot/efi', '/dev/nvme0n1p1', 'vfat', 0.5, 0.01),
    mount('/host/data', '/dev/md0', 'xfs', 7450, 3100),
    mount('/host/snap/core20/2318', '/dev/loop3', 'squashfs', 0.0625, 0.0625),
    mount('/host/run/user/1000', 'tmpfs', 'tmpfs', 6, 0),
    mount('/host/var/lib/kubelet/pods/x/volumes/kubernetes.io~projected/kube-api-access', 'tmpfs', 'tmpfs', 0.1, 0),
  ];
  const disks = realDisks(pod, '/host');
  t.same(
    disks.map((d) => [d.mount, d.fs, d.type]),
    [
      ['/', '/dev/nvme0n1p2', 'ext4'],
      ['/boot/efi', '/dev/nvme0n1p1', 'vfat'],
      ['/data', '/dev/md0', 'xfs'],
    ],
    "the node's disk once, the EFI partition and the data array, at their place on the node; the pod's own mounts left out",
  );
  // On a machine of its own (no host root), the same table keeps each real device once under its shortest mount.
  t.same(
    realDisks(pod).map((d) => [d.mount, d.fs]),
    [
      ['/host/boot/efi', '/dev/nvme0n1p1'],
      ['/host/data', '/dev/md0'],
      ['/tmp', '/dev/nvme0n1p2'],
    ],
  );
  const summary = diskSummary(disks);
  t.equal(summary.total, (200 + 0.5 + 7450) * GiB, 'sizes summed over the real disks only');
  t.equal(summary.used, (120 + 0.01 + 3100) * GiB);
  t.equal(summary.usage, Math.round(((120 + 0.01 + 3100) / (200 + 0.5 + 7450)) * 1000) / 10);
  t.same(diskSummary([]), { total: 0, used: 0, free: 0, usage: 0, mounts: [] }, 'no disk: zeros, not NaN');
});

t.test('CPU: busy share of each core from /proc/stat counters (iowait counts as idle)', async (t) => {
  const before = parseProcStat(`cpu  1000 0 500 8000 500 0 0 0 0 0
cpu0 500 0 250 4000 250 0 0 0 0 0
cpu1 500 0 250 4000 250 0 0 0 0 0
intr 123
ctxt 456
`);
  t.same(before, [
    { busy: 1500, total: 10000 },
    { busy: 750, total: 5000 },
    { busy: 750, total: 5000 },
  ]);
  // One core flat out for 100 ticks, the other idle (half of it waiting on I/O).
  const after = parseProcStat(`cpu  1080 0 520 8050 550 0 0 0 0 0
cpu0 580 0 270 4000 250 0 0 0 0 0
cpu1 500 0 250 4050 300 0 0 0 0 0
`);
  const busy = (i: number) => (after[i].busy - before[i].busy) / (after[i].total - before[i].total);
  t.equal(busy(0), 0.5, 'total: one core of two');
  t.equal(busy(1), 1, 'cpu0 busy');
  t.equal(busy(2), 0, 'cpu1 idle, iowait included');
});

t.test('network: bytes received and sent per interface from /proc/net/dev', async (t) => {
  const counters = parseNetDev(`Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 37785092   45617    0    0    0     0          0         0 37785092   45617    0    0    0     0       0          0
  eth0: 540311188   13036    0    0    0     0          0         0  1394029    8840    0    0    0     0       0          0
cali1a2b3c4d5e6:12 3 0 0 0 0 0 0 45 6 0 0 0 0 0 0
`);
  t.same([...counters], [
    ['lo', { rx: 37785092, tx: 37785092 }],
    ['eth0', { rx: 540311188, tx: 1394029 }],
    ['cali1a2b3c4d5e6', { rx: 12, tx: 45 }],
  ]);
});

t.test('nvidia-smi: figures a card does not report are null, lines that are not cards are skipped', async (t) => {
  const cards = parseNvidiaSmi(`1, NVIDIA A100-SXM4-80GB, GPU-aaaa, 81920, 40960, 55, 61
0, NVIDIA A100-SXM4-80GB, [N/A], 81920, [N/A], [Not Supported], 48

Unable to determine the device handle for GPU0000:41:00.0: Unknown Error
`);
  t.same(cards, [
    { index: 0, name: 'NVIDIA A100-SXM4-80GB', uuid: null, memoryTotal: 81920 * 1024 * 1024, memoryUsed: null, memoryUsage: null, utilization: null, temperature: 48 },
    { index: 1, name: 'NVIDIA A100-SXM4-80GB', uuid: 'GPU-aaaa', memoryTotal: 81920 * 1024 * 1024, memoryUsed: 40960 * 1024 * 1024, memoryUsage: 50, utilization: 55, temperature: 61 },
  ]);
  t.same(parseNvidiaSmi('No devices were found\n'), []);
});
