// Shared with the console (@app/contracts).
export { DashboardSchema } from '@app/contracts/schemas/stats';
