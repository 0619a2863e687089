// The server monitor's samples (api.md "Monitor", seed 000 §2.4, seed 004 §3.2): what each node's sampler
// measured (`GET /api/server/stats`) and the dashboard's summary of every node (`GET /api/dashboard/resources`).
// Read-only: nothing here starts, stops or reboots anything.
import { Type, type Static } from 'typebox';
import { Nullable, StringEnum } from '../schema-types.js';

export const MONITOR_NODE_STATUSES = ['up', 'down'] as const;
export type MonitorNodeStatus = (typeof MONITOR_NODE_STATUSES)[number];

/** A percentage, 0–100 (one decimal). */
const Percent = () => Type.Number({ minimum: 0, maximum: 100 });
/** A count of bytes. */
const Bytes = () => Type.Number({ minimum: 0 });

export const CpuSampleSchema = Type.Object({
  /** busy time of all cores over the last interval, % */
  usage: Percent(),
  /** the same per logical core, in core order */
  cores: Type.Array(Percent()),
  /** logical cores */
  count: Type.Integer(),
  model: Nullable(Type.String()),
});
export type CpuSample = Static<typeof CpuSampleSchema>;

export const MemorySampleSchema = Type.Object({
  total: Bytes(),
  /** total − available: what programs hold (page cache not counted) */
  used: Bytes(),
  free: Bytes(),
  available: Bytes(),
  /** used / total, % */
  usage: Percent(),
});
export type MemorySample = Static<typeof MemorySampleSchema>;

export const SwapSampleSchema = Type.Object({
  total: Bytes(),
  used: Bytes(),
  free: Bytes(),
  /** used / total, %; 0 without swap */
  usage: Percent(),
});
export type SwapSample = Static<typeof SwapSampleSchema>;

/** One mounted real filesystem (no overlay, tmpfs, squashfs, proc … pseudo filesystems). */
export const DiskMountSchema = Type.Object({
  /** where it is mounted, e.g. `/` or `/data` */
  mount: Type.String(),
  /** the device, e.g. `/dev/sda1` */
  fs: Type.String(),
  /** filesystem type, e.g. `ext4`, `xfs` */
  type: Type.String(),
  total: Bytes(),
  used: Bytes(),
  /** available to unprivileged users */
  free: Bytes(),
  /** used / (used + free), %, as `df` counts it */
  usage: Percent(),
});
export type DiskMount = Static<typeof DiskMountSchema>;

export const DiskSampleSchema = Type.Object({
  /** sums over `mounts` (each device counted once) */
  total: Bytes(),
  used: Bytes(),
  free: Bytes(),
  usage: Percent(),
  mounts: Type.Array(DiskMountSchema),
});
export type DiskSample = Static<typeof DiskSampleSchema>;

export const NetworkInterfaceSampleSchema = Type.Object({
  name: Type.String(),
  /** bytes per second received / sent over the last interval, from the interface's counters */
  rxBytesPerSec: Type.Number({ minimum: 0 }),
  txBytesPerSec: Type.Number({ minimum: 0 }),
  /** the counters themselves, bytes since the interface came up */
  rxBytes: Bytes(),
  txBytes: Bytes(),
});
export type NetworkInterfaceSample = Static<typeof NetworkInterfaceSampleSchema>;

export const NetworkSampleSchema = Type.Object({
  /** sums over `interfaces` (loopback excluded) */
  rxBytesPerSec: Type.Number({ minimum: 0 }),
  txBytesPerSec: Type.Number({ minimum: 0 }),
  interfaces: Type.Array(NetworkInterfaceSampleSchema),
});
export type NetworkSample = Static<typeof NetworkSampleSchema>;

/** One GPU card (as nvidia-smi reports it). A figure the card does not report is null. */
export const GpuSampleSchema = Type.Object({
  index: Type.Integer(),
  name: Type.String(),
  uuid: Nullable(Type.String()),
  memoryTotal: Nullable(Bytes()),
  memoryUsed: Nullable(Bytes()),
  /** memoryUsed / memoryTotal, % */
  memoryUsage: Nullable(Percent()),
  /** GPU utilisation, % */
  utilization: Nullable(Percent()),
  /** °C */
  temperature: Nullable(Type.Number()),
});
export type GpuSample = Static<typeof GpuSampleSchema>;

/** One sample of one node. */
export const ServerSampleSchema = Type.Object({
  /** ISO-8601 time of the sample */
  timestamp: Type.String(),
  cpu: CpuSampleSchema,
  /** 1, 5 and 15 minute load averages */
  loadavg: Type.Array(Type.Number({ minimum: 0 }), { minItems: 3, maxItems: 3 }),
  memory: MemorySampleSchema,
  swap: SwapSampleSchema,
  disk: DiskSampleSchema,
  network: NetworkSampleSchema,
  /** every GPU card of the node; absent when the node has none (no nvidia-smi, or it lists no card) */
  gpu: Type.Optional(Type.Array(GpuSampleSchema)),
  /** seconds since the node booted */
  uptime: Type.Number({ minimum: 0 }),
});
export type ServerSample = Static<typeof ServerSampleSchema>;

/** A node the monitor knows: itself, and every node whose agent published within the history window. */
export const MonitorNodeSchema = Type.Object({
  name: Type.String(),
  /** `down` once its agent has not published for 3 of its intervals */
  status: StringEnum(MONITOR_NODE_STATUSES),
  /** ISO-8601 time of its latest sample */
  lastSeen: Type.String(),
  /** true for the node the monitor itself runs on (answered even when Redis is down) */
  self: Type.Boolean(),
});
export type MonitorNode = Static<typeof MonitorNodeSchema>;

/**
 * `GET /api/server/stats[?node=<name>][&history=15m]`: the node's latest sample (`{ cpu, memory, swap, disk,
 * gpu?, uptime, loadavg, timestamp }` and network), which node and whether it is up, and every node known.
 * With `history` (`<n>s`, `<n>m`, at most 15m), `history` holds that node's samples of that window, oldest first.
 */
export const ServerStatsSchema = Type.Object({
  ...ServerSampleSchema.properties,
  node: Type.String(),
  status: StringEnum(MONITOR_NODE_STATUSES),
  /** the node's sampling interval: polling faster shows nothing new */
  intervalMs: Type.Integer(),
  nodes: Type.Array(MonitorNodeSchema),
  history: Type.Optional(Type.Array(ServerSampleSchema)),
});
export type ServerStats = Static<typeof ServerStatsSchema>;

/** One node's figures on the dashboard, percentages 0–100. */
export const NodeResourcesSchema = Type.Object({
  name: Type.String(),
  status: StringEnum(MONITOR_NODE_STATUSES),
  lastSeen: Type.String(),
  cpu: Percent(),
  memory: Percent(),
  /** used / size over the node's real disks */
  disk: Percent(),
  /** per card; empty when the node has no GPU */
  gpu: Type.Array(Type.Object({ index: Type.Integer(), name: Type.String(), utilization: Nullable(Percent()), memory: Nullable(Percent()), temperature: Nullable(Type.Number()) })),
});
export type NodeResources = Static<typeof NodeResourcesSchema>;

/**
 * `GET /api/dashboard/resources`: seed 004 §3.2's `{ cpu, memory, disk }` percentages of the monitor's own
 * node, at the top level, and the same for every node known (`nodes`, the monitor's own first).
 */
export const DashboardResourcesSchema = Type.Object({
  cpu: Percent(),
  memory: Percent(),
  disk: Percent(),
  timestamp: Type.String(),
  nodes: Type.Array(NodeResourcesSchema),
});
export type DashboardResources = Static<typeof DashboardResourcesSchema>;
