import { Type, type Static } from 'typebox';
import { Nullable, StringEnum, VECTOR_METRICS } from '@app/contracts';
import { ADVANCED_DEFAULTS, type CollectionPlan } from '../plugins/app/collection-plan.js';

// What a collection is built from, as the wizard sends it (api.md "Vectors", collection-plan.ts). The shape
// is checked here; whether the tables, fields and joins exist is the source's to say (SourceConnection.validate).

const fieldKey = Type.String({ minLength: 3, maxLength: 300, description: '<tableId>.<column>' });

export const JoinSchema = Type.Object(
  { left: fieldKey, right: fieldKey, type: StringEnum(['inner', 'left'] as const) },
  { additionalProperties: false, description: 'left: a field of an earlier table; right: a field of the table it brings in' },
);

export const AdvancedConfigSchema = Type.Object(
  {
    template: Type.Optional(Type.String({ maxLength: 8000, description: 'text per row with {{column}} or {{table.column}}; default: `column: value` lines' })),
    primaryKey: Type.Optional(Type.Array(fieldKey, { minItems: 1, maxItems: 8, description: "main-table fields; default: the table's primary key" })),
    updatedAtField: Type.Optional(Nullable(Type.String({ minLength: 3, maxLength: 300, description: 'a main-table field whose change marks a row changed (incremental sync); null: none' }))),
    chunkSize: Type.Optional(Type.Integer({ minimum: 100, maximum: 8000, description: `characters per vector; default ${ADVANCED_DEFAULTS.chunkSize}` })),
    pageSize: Type.Optional(Type.Integer({ minimum: 10, maximum: 5000, description: `rows read per step; default ${ADVANCED_DEFAULTS.pageSize}` })),
    metric: Type.Optional(StringEnum(VECTOR_METRICS)),
    hnsw: Type.Optional(Type.Object(
      { m: Type.Optional(Type.Integer({ minimum: 4, maximum: 64 })), efConstruction: Type.Optional(Type.Integer({ minimum: 8, maximum: 512 })) },
      { additionalProperties: false },
    )),
    embeddingModel: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    metadataFields: Type.Optional(Type.Array(fieldKey, { maxItems: 64, description: 'chosen fields stored as metadata; default: every chosen field' })),
  },
  { additionalProperties: false },
);

/** The plan fields of `POST /api/vectors/create` and `/wizard/preview`: spread it with the route's own fields. */
export const PlanRequestFields = {
  dbId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
  tableIds: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 8, description: 'the main table first' }),
  fieldKeys: Type.Array(fieldKey, { minItems: 1, maxItems: 64 }),
  joinConfig: Type.Optional(Type.Array(JoinSchema, { maxItems: 16 })),
  advancedConfig: Type.Optional(AdvancedConfigSchema),
};
export const PlanRequestSchema = Type.Object(PlanRequestFields, { additionalProperties: false });
export type PlanRequest = Static<typeof PlanRequestSchema>;

/** The request as a plan, defaults filled in; the primary key stays for the source to fill (validate). */
export function planOf(body: Omit<PlanRequest, 'dbId'>, defaultModel: string): CollectionPlan {
  const { updatedAtField, hnsw, ...advanced } = body.advancedConfig ?? {};
  return {
    tables: body.tableIds,
    fields: body.fieldKeys,
    joins: body.joinConfig ?? [],
    advanced: {
      ...ADVANCED_DEFAULTS,
      ...advanced,
      ...(updatedAtField ? { updatedAtField } : {}),
      hnsw: { ...ADVANCED_DEFAULTS.hnsw, ...hnsw },
      embeddingModel: advanced.embeddingModel ?? defaultModel,
    },
  };
}
