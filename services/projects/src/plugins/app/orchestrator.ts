import type { OpenComfyResult, ProjectService } from '@app/contracts';
import { ForbiddenError, ServiceUnavailableError, MSG, type ServiceClient } from '@app/service-kit';

/** The comfy-orchestrator's internal API, as the projects service uses it. */
export function orchestratorClient(client: ServiceClient) {
  async function call<T>(path: string, init: { method?: 'GET' | 'POST'; body?: unknown; requestId?: string } = {}): Promise<T> {
    const res = await client.call<T>(path, init);
    if (res.status === 403) throw new ForbiddenError(res.body.msg || MSG.forbidden);
    if (res.status !== 200) throw new ServiceUnavailableError(`${MSG.unavailable}: comfy-orchestrator (${res.status} ${res.body?.msg ?? ''})`.trim());
    return res.body.data;
  }
  return {
    open: (projectId: number, userId: number, sessionId: string | undefined, requestId?: string) =>
      call<OpenComfyResult>('/internal/instances/open', { method: 'POST', body: { projectId, userId, sessionId }, requestId }),
    stopProject: (projectId: number, requestId?: string) => call('/internal/instances/stop-project', { method: 'POST', body: { projectId }, requestId }),
    /** The latest instance of each project; an empty map when the orchestrator cannot answer. */
    async statuses(projectIds: number[], requestId?: string): Promise<Record<string, ProjectService>> {
      if (!projectIds.length) return {};
      return call<Record<string, ProjectService>>(`/internal/instances?projectIds=${projectIds.join(',')}`, { requestId });
    },
  };
}
export type OrchestratorClient = ReturnType<typeof orchestratorClient>;
