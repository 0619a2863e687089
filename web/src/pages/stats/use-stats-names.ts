import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { listProjects } from '../../api/projects';
import { listUserOptions } from '../../api/stats';

export interface NameList {
  /** id → name */
  names: ReadonlyMap<string, string>;
  options: { value: string; label: string }[];
  loading: boolean;
}

/** Names for the project / user filters, the chart's categories and the table (users: admins only). */
export function useStatsNames(isAdmin: boolean): { projects: NameList; users: NameList } {
  const projects = useQuery({
    queryKey: ['stats', 'projects'],
    queryFn: () => listProjects({ current: 1, size: 100 }),
    staleTime: 60_000,
  });
  const users = useQuery({
    queryKey: ['stats', 'users'],
    queryFn: () => listUserOptions(),
    enabled: isAdmin,
    staleTime: 60_000,
    retry: false,
  });
  const projectNames = useMemo(() => new Map((projects.data?.records ?? []).map((p) => [String(p.id), p.name])), [projects.data]);
  const userNames = useMemo(
    () => new Map((users.data ?? []).map((u) => [String(u.id), u.nickName ? `${u.nickName} (${u.userName})` : u.userName])),
    [users.data],
  );
  const optionsOf = (names: ReadonlyMap<string, string>) => [...names].map(([value, label]) => ({ value, label }));
  return {
    projects: { names: projectNames, options: optionsOf(projectNames), loading: projects.isLoading },
    users: { names: userNames, options: optionsOf(userNames), loading: users.isLoading },
  };
}
