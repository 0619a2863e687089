import { Type, type Static } from 'typebox';

/** `POST /internal/{projects,users}/names`: display names by id, for labels in another service's figures. */
export const NamesQuerySchema = Type.Object({ ids: Type.Array(Type.Integer({ minimum: 1, maximum: 2147483647 }), { maxItems: 1000 }) });
export const NamesSchema = Type.Object({ names: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })) });
export type Names = Static<typeof NamesSchema>;
