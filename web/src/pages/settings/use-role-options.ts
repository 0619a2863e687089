import { useQuery } from '@tanstack/react-query';
import { listRoles } from '../../api/roles';
import { usePermission } from '../../auth/session-hooks';

/**
 * The roles as select options (`name (key)`), for the user and menu forms. Empty without `system:roles`:
 * the form then takes a typed key.
 */
export function useRoleOptions(): { value: string; label: string }[] {
  const { has } = usePermission();
  const roles = useQuery({ queryKey: ['settings', 'roles'], queryFn: () => listRoles({ silent: true }), enabled: has('system:roles'), retry: false });
  return (roles.data ?? []).map((r) => ({ value: r.roleKey, label: `${r.name} (${r.roleKey})` }));
}
