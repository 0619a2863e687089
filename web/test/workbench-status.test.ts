import t from 'tap';
import {
  COMFY_STATUSES, FAST_REFRESH_MS, SLOW_REFRESH_MS, instanceActions, isBusyStatus, projectsRefreshInterval, statusBadge,
} from '../src/pages/workbench/logic/service-status.js';
import { ago } from '../src/pages/workbench/logic/relative-time.js';

t.test('every status has its own colour and label', async (t) => {
  t.same(statusBadge('starting'), { status: 'starting', color: 'processing', labelKey: 'workbench.status.starting', busy: true });
  t.same(statusBadge('running'), { status: 'running', color: 'success', labelKey: 'workbench.status.running', busy: false });
  t.same(statusBadge('stopping'), { status: 'stopping', color: 'warning', labelKey: 'workbench.status.stopping', busy: true });
  t.equal(statusBadge('stopped').color, 'default');
  t.equal(statusBadge('crashed').color, 'volcano');
  t.equal(statusBadge('failed').color, 'error');
  const colours = new Set(COMFY_STATUSES.map((s) => statusBadge(s).color));
  t.equal(colours.size, COMFY_STATUSES.length, 'no two statuses share a colour');
});

t.test('no instance and unknown statuses', async (t) => {
  for (const none of [null, undefined, '']) t.same(statusBadge(none), { status: 'none', color: 'default', labelKey: 'workbench.status.none', busy: false });
  t.same(statusBadge('exploded'), { status: 'unknown', color: 'default', labelKey: 'workbench.status.unknown', busy: false });
  t.ok(isBusyStatus('starting'));
  t.ok(isBusyStatus('stopping'));
  t.notOk(isBusyStatus('running'));
  t.notOk(isBusyStatus(undefined));
});

t.test('the workbench refreshes faster while a card is in transition', async (t) => {
  t.equal(projectsRefreshInterval(undefined), SLOW_REFRESH_MS);
  t.equal(projectsRefreshInterval([]), SLOW_REFRESH_MS);
  t.equal(projectsRefreshInterval([{ service: null }, { service: { status: 'running' } }]), SLOW_REFRESH_MS);
  t.equal(projectsRefreshInterval([{ service: null }, { service: { status: 'starting' } }]), FAST_REFRESH_MS);
  t.equal(projectsRefreshInterval([{ service: { status: 'stopping' } }]), FAST_REFRESH_MS);
  t.equal(projectsRefreshInterval([{ service: { status: 'crashed' } }, { service: { status: 'failed' } }]), SLOW_REFRESH_MS);
  t.equal(FAST_REFRESH_MS, 5000);
  t.equal(SLOW_REFRESH_MS, 15000);
});

t.test('instance buttons', async (t) => {
  t.same(instanceActions({ userId: 7, status: 'running' }, '7'), { own: true, canOpen: true, canStop: true, canRestart: true });
  t.same(instanceActions({ userId: 7, status: 'running' }, 8), { own: false, canOpen: false, canStop: true, canRestart: true }, 'an admin may stop another user’s instance but not open it');
  t.same(instanceActions({ userId: 7, status: 'running' }, undefined).own, false);
  t.same(instanceActions({ userId: 7, status: 'starting' }, 7), { own: true, canOpen: true, canStop: true, canRestart: false });
  t.same(instanceActions({ userId: 7, status: 'stopping' }, 7), { own: true, canOpen: false, canStop: false, canRestart: false });
  t.same(instanceActions({ userId: 7, status: 'stopped' }, 7), { own: true, canOpen: true, canStop: false, canRestart: true });
  t.same(instanceActions({ userId: 7, status: 'crashed' }, 7), { own: true, canOpen: true, canStop: true, canRestart: true });
  t.same(instanceActions({ userId: 7, status: 'failed' }, 7), { own: true, canOpen: true, canStop: false, canRestart: true });
});

t.test('relative heartbeat times', async (t) => {
  const now = Date.parse('2025-01-01T12:00:00Z');
  t.equal(ago(null, now), null);
  t.equal(ago('', now), null);
  t.equal(ago('not a date', now), null);
  t.same(ago('2025-01-01T11:59:58Z', now), { key: 'justNow' });
  t.same(ago('2025-01-01T12:00:30Z', now), { key: 'justNow' }, 'a clock ahead of ours');
  t.same(ago('2025-01-01T11:59:48Z', now), { key: 'seconds', n: 12 });
  t.same(ago('2025-01-01T11:57:00Z', now), { key: 'minutes', n: 3 });
  t.same(ago('2025-01-01T09:00:00Z', now), { key: 'hours', n: 3 });
  t.same(ago('2024-12-30T12:00:00Z', now), { key: 'days', n: 2 });
  t.same(ago(now - 61_000, now), { key: 'minutes', n: 1 });
});
