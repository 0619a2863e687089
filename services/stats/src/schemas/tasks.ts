import { Type } from 'typebox';
import { Nullable } from '@app/service-kit';

/** A background task (xl_tasks) as its owner sees it: `GET /api/tasks/:taskId`. */
export const TaskSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  status: Type.String(),
  progress: Type.Integer(),
  error: Nullable(Type.String()),
  result: Type.Unknown(),
  createdAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});
