// Shared with the console (@app/contracts).
export { TaskSchema } from '@app/contracts/schemas/stats';
