// Schemas of the gateway's own routes: the merged OpenAPI document and the Swagger UI that shows it.
import { Type } from 'typebox';

/** Whatever the services' documents hold, merged: not validated further. */
export const ApiDocSchema = Type.Unknown();

export const DocsAssetParamsSchema = Type.Object({ asset: Type.String() });
