import { BadRequestError } from '@app/service-kit';

/** A 400 that names the failing field the way schema validation does (`body.roleKey …`). */
export function fieldError(field: string, message: string) {
  return new BadRequestError(`${field} ${message}`);
}
