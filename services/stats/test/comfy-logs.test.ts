// End to end: a prompt sent through the ComfyUI proxy (orchestrator → generation-log queue → stats worker)
// shows up in /api/logs and /api/stats exactly once, with its user, project, instance and duration.
import t from 'tap';
import { defaultWorkflow } from '@app/comfyui-sim';
import { createProject, instanceCookie, openRunning, startComfyPlatform, until } from '../../projects/test/comfy-platform.js';

t.test('a prompt through the proxy is logged and counted exactly once', async (t) => {
  const p = await startComfyPlatform(t, { withStats: true });
  const userId = await p.createUser('gina', 'user');
  const token = await p.token('gina', 'gina-Pass-123');
  const projectId = await createProject(p, token, 'GEN_1');
  const { open, service } = await openRunning(p, token, projectId);
  const cookie = await instanceCookie(p, open.url);

  const sent = await p.comfyFetch(`/comfy/${service.serviceId}/api/prompt`, {
    method: 'POST',
    headers: { cookie, origin: p.comfyUrl, 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: defaultWorkflow(), client_id: 'gina-tab' }),
  });
  t.equal(sent.status, 200);
  const promptId = (await sent.json()).prompt_id as string;

  const logs = await until(
    async () => (await (await p.fetch('/api/logs?size=50', { token })).json()).data,
    (d) => d.records.some((r: { status: string }) => r.status === 'success'),
    20_000,
    'the success log',
  );
  t.equal(logs.total, 1, 'one log for one prompt (running, then completed in place)');
  t.match(logs.records[0], { promptId, userId, projectId, serviceId: service.serviceId, status: 'success', details: { outputCount: 1 } });
  t.ok(logs.records[0].durationMs >= 0);

  const today = new Date().toISOString().slice(0, 10);
  const stats = (await (await p.fetch(`/api/stats?start=${today}&end=${today}&dimension=project`, { token })).json()).data;
  t.same(stats.totals, { total: 1, success: 1, failed: 0 });
  t.same(stats.series.map((s: { key: string }) => s.key), [String(projectId)]);

  const dashboard = (await (await p.fetch('/api/dashboard/stats', { token })).json()).data;
  t.match(dashboard, { todayGenerations: 1, runningServices: 1, totalProjects: 1, totalVectors: 0 });
  t.equal(dashboard.trend.length, 7);
  t.same(dashboard.trend.at(-1), { date: today, generations: 1, queries: 0 });
  const other = await p.createUser('otto', 'user');
  t.ok(other);
  const otto = await p.token('otto', 'otto-Pass-123');
  t.match((await (await p.fetch('/api/dashboard/stats', { token: otto })).json()).data, { todayGenerations: 0, runningServices: 0, totalProjects: 0 }, 'a user sees their own figures');

  // Another prompt fails in ComfyUI: logged as failed, still one log per prompt.
  const broken = defaultWorkflow() as Record<string, { class_type: string; inputs: Record<string, unknown> }>;
  const sampler = Object.values(broken).find((n) => n.class_type === 'KSampler')!;
  sampler.inputs.steps = 0; // rejected at validation: no prompt, no log
  const refused = await p.comfyFetch(`/comfy/${service.serviceId}/api/prompt`, {
    method: 'POST',
    headers: { cookie, origin: p.comfyUrl, 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: broken }),
  });
  t.equal(refused.status, 400, 'ComfyUI refuses an invalid workflow');
  await new Promise((r) => setTimeout(r, 1000));
  t.equal((await (await p.fetch('/api/logs', { token })).json()).data.total, 1, 'a refused prompt is not a generation');
});
