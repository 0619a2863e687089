import { Type } from 'typebox';
import { COLLECTION_STATUSES } from '@app/contracts';
import { PageQuerySchema } from '@app/service-kit';

// Requests about collections; the answers' shapes are the contracts' (packages/contracts/src/schemas/vectors.ts).

export const CollectionTitle = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'unique name of the collection, 1–100 characters' });
export const CollectionParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });

export const CollectionListQuery = Type.Object({
  ...PageQuerySchema.properties,
  keyword: Type.Optional(Type.String({ maxLength: 100, description: 'part of the title' })),
  status: Type.Optional(Type.Union(COLLECTION_STATUSES.map((s) => Type.Literal(s)))),
});

export const StatusBody = Type.Object({ isEnabled: Type.Boolean({ description: 'a disabled collection is not searchable' }) }, { additionalProperties: false });
export const RenameBody = Type.Object({ title: CollectionTitle }, { additionalProperties: false });
export const CheckNameBody = Type.Object({ title: Type.String({ maxLength: 200 }) }, { additionalProperties: false });
export const DeleteBody = Type.Object(
  { ids: Type.Array(Type.Integer({ minimum: 1, maximum: 2147483647 }), { minItems: 1, maxItems: 100, uniqueItems: true }) },
  { additionalProperties: false },
);
export const RebuildBody = Type.Object(
  { embeddingModel: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'another model: the collection is rebuilt with its dimension' })) },
  { additionalProperties: false },
);
export const SyncConfigBody = Type.Object(
  {
    enabled: Type.Boolean(),
    expression: Type.Optional(Type.String({ maxLength: 120, description: 'cron expression (croner syntax, 5 or 6 fields), in PLATFORM_TIMEZONE' })),
  },
  { additionalProperties: false },
);
export const CronPreviewQuery = Type.Object({
  expression: Type.String({ minLength: 1, maxLength: 120 }),
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 5 })),
});
export const ExportQuery = Type.Object({
  ids: Type.Optional(Type.String({ pattern: '^\\s*\\d+(\\s*,\\s*\\d+)*\\s*$', maxLength: 2000, description: 'comma separated collection ids; omitted: every collection' })),
});
