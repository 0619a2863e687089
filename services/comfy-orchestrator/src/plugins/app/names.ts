import type { FastifyBaseLogger } from 'fastify';
import { createServiceClient, nameResolver } from '@app/service-kit';

export interface InstanceNames {
  projectName: string | null;
  userName: string | null;
}

/**
 * The names the instances page shows: projects' names from the projects service, users' from auth, each
 * cached 60 s. The orchestrator never reads their tables; when one of them cannot answer, its names are null
 * (the console shows the id) and the list is still served.
 */
export function instanceNamer(urls: { authUrl: string; projectsUrl: string; internalToken: string }, log: FastifyBaseLogger) {
  const auth = createServiceClient(urls.authUrl, { internalToken: urls.internalToken, name: 'auth' });
  const projects = createServiceClient(urls.projectsUrl, { internalToken: urls.internalToken, name: 'projects' });
  const userNames = nameResolver(auth, '/internal/users/names', log);
  const projectNames = nameResolver(projects, '/internal/projects/names', log);
  return {
    async namesOf(rows: { projectId: number; userId: number }[], requestId?: string): Promise<(row: { projectId: number; userId: number }) => InstanceNames> {
      const [p, u] = await Promise.all([projectNames(rows.map((r) => r.projectId), requestId), userNames(rows.map((r) => r.userId), requestId)]);
      return (row) => ({ projectName: p.get(row.projectId) ?? null, userName: u.get(row.userId) ?? null });
    },
    async close() {
      await Promise.all([auth.close(), projects.close()]);
    },
  };
}
export type InstanceNamer = ReturnType<typeof instanceNamer>;
