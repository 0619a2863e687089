// The monitor's per-node agent: the monitor image with another command (`npm run agent -w services/monitor`,
// the k8s DaemonSet monitor-agent). Samples its node every MONITOR_INTERVAL_MS and publishes each sample to
// Redis, where the monitor finds every node (GET /api/server/stats?node=). No HTTP port, nothing to ask it.
import os from 'node:os';
import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { ConfigError, loadConfig } from '@app/service-kit/config';
import { clusterSamples, samplesRedis } from './plugins/app/samples-cluster.js';
import { createProbe } from './plugins/app/samples-probe.js';
import { startSampler } from './plugins/app/samples.js';
import { AgentConfigSchema } from './samples-config.js';

let config;
try {
  config = loadConfig(AgentConfigSchema);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`monitor-agent: ${err.message}\n`);
  process.exit(1);
}
const node = config.MONITOR_NODE_NAME ?? os.hostname();
const log = pino({ level: config.LOG_LEVEL, base: { service: 'monitor-agent', node } });
const redis = samplesRedis(config.MONITOR_REDIS_URL ?? config.REDIS_URL, config.REDIS_KEY_PREFIX, log, 'monitor-agent');
const cluster = clusterSamples(redis, { historyMs: config.MONITOR_HISTORY_MS });
const intervalMs = config.MONITOR_INTERVAL_MS;

// A sample that cannot be published (Redis down) is dropped: the monitor shows the node down meanwhile,
// and up again with the first sample published after Redis is back.
const sampler = startSampler(createProbe({ diskIntervalMs: config.MONITOR_DISK_INTERVAL_MS, hostRoot: config.MONITOR_HOST_ROOT }), {
  intervalMs,
  historyMs: intervalMs,
  log,
  onSample: (sample) => {
    cluster.publish(node, sample, intervalMs).catch((err) => log.debug({ err }, 'sample not published'));
  },
});
log.info({ intervalMs }, 'monitor agent started');

closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'fatal error, shutting down');
  else log.info({ signal }, 'shutting down');
  await sampler.stop();
  redis.disconnect();
});
