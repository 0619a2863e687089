// Shared with the console (@app/contracts).
export { DashboardNodesSchema } from '@app/contracts/schemas/dashboard-ops';
