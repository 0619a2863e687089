// The dashboard's operations views: status badges, task progress bars and names, the health tally.
import t from 'tap';
import { TASK_TYPES } from '@app/contracts/queues';
import { enUS, zhCN } from '../src/i18n/messages.js';
import {
  formatLatency, healthTally, JOB_STATES, NODE_KINDS, NODE_STATUSES, nodeBadge, nodeKindKey, TASK_STATUSES, TASK_TYPE_OPTIONS, taskBadge, taskOwner, taskProgress, taskTypeKey,
} from '../src/pages/dashboard/logic/ops.js';

t.test('health and node statuses → badges', async (t) => {
  t.same(nodeBadge('up'), { status: 'success', labelKey: 'dashboard.status.up' });
  t.same(nodeBadge('degraded'), { status: 'warning', labelKey: 'dashboard.status.degraded' });
  t.same(nodeBadge('down'), { status: 'error', labelKey: 'dashboard.status.down' });
  for (const odd of ['', null, undefined, 'toString', 'UP']) t.same(nodeBadge(odd), { status: 'default', labelKey: 'dashboard.status.unknown' }, `${odd} is unknown`);
});

t.test('task statuses → badges', async (t) => {
  t.equal(taskBadge('active').status, 'processing');
  t.equal(taskBadge('completed').status, 'success');
  t.equal(taskBadge('failed').status, 'error');
  t.equal(taskBadge('waiting').status, 'default');
  t.equal(taskBadge('cancelled').status, 'warning');
  t.equal(taskBadge('paused').labelKey, 'dashboard.status.unknown');
  t.equal(new Set(TASK_STATUSES.map((s) => taskBadge(s).labelKey)).size, TASK_STATUSES.length, 'each status has its own label');
});

t.test('a task’s progress bar', async (t) => {
  t.same(taskProgress({ status: 'active', progress: 42.6 }), { percent: 43, status: 'active' });
  t.same(taskProgress({ status: 'completed', progress: 80 }), { percent: 100, status: 'success' }, 'completed is full whatever was recorded');
  t.same(taskProgress({ status: 'failed', progress: 30 }), { percent: 30, status: 'exception' }, 'failed stops where it failed');
  t.same(taskProgress({ status: 'waiting', progress: 0 }), { percent: 0, status: 'normal' });
  t.same(taskProgress({ status: 'active', progress: 140 }), { percent: 100, status: 'active' }, 'clamped to 100');
  t.same(taskProgress({ status: 'active', progress: null }), { percent: 0, status: 'active' });
});

t.test('owner, latency and the health tally', async (t) => {
  t.equal(taskOwner({ userName: 'uma', userId: 3 }), 'uma');
  t.equal(taskOwner({ userName: null, userId: 3 }), '#3', 'the auth service could not name them');
  t.equal(taskOwner({ userName: null, userId: null }), '-', 'a system task');
  t.equal(formatLatency(12.4), '12 ms');
  t.equal(formatLatency(0), '0 ms');
  t.equal(formatLatency(null), '-', 'not timed');
  t.same(healthTally([{ status: 'up' }, { status: 'up' }, { status: 'degraded' }]), { up: 2, degraded: 1, down: 0, worst: 'degraded' });
  t.same(healthTally([{ status: 'up' }, { status: 'down' }, { status: 'degraded' }]), { up: 1, degraded: 1, down: 1, worst: 'down' });
  t.same(healthTally([{ status: 'up' }, { status: 'weird' }]), { up: 1, degraded: 0, down: 0, worst: 'up' }, 'unknown statuses are not counted');
  t.same(healthTally([]), { up: 0, degraded: 0, down: 0, worst: null });
});

t.test('every status, kind and task type the contracts know has a name in both languages', async (t) => {
  const keys = [
    ...NODE_STATUSES.map((s) => nodeBadge(s).labelKey),
    nodeBadge('?').labelKey,
    ...TASK_STATUSES.map((s) => taskBadge(s).labelKey),
    ...NODE_KINDS.map((k) => nodeKindKey(k)),
    ...TASK_TYPES.map((k) => taskTypeKey(k)),
  ];
  for (const key of keys) t.ok(key && zhCN[key] && enUS[key], String(key));
  t.same([...TASK_TYPE_OPTIONS].sort(), [...TASK_TYPES].sort(), 'the type filter offers every task type');
  t.equal(taskTypeKey('reindex'), null, 'a type this console does not know is shown as sent');
  t.equal(nodeKindKey('toString'), null);
  t.ok(JOB_STATES.includes('missing'));
});
