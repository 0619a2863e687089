import { Type } from 'typebox';
import { PageQuerySchema } from '@app/service-kit';
import { KbRetrievalConfigSchema } from '@app/contracts';

export const KbIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
export const KbKeyParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }), keyId: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
export const KbListQuery = Type.Object({ ...PageQuerySchema.properties, keyword: Type.Optional(Type.String({ maxLength: 100 })) });

/** `POST /api/kb/config`, `PUT /api/kb/config/:id` */
export const KbBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
    vectorIds: Type.Array(Type.Integer({ minimum: 1, maximum: 2147483647 }), { minItems: 1, maxItems: 20, uniqueItems: true }),
    retrievalConfig: KbRetrievalConfigSchema,
  },
  { additionalProperties: false },
);

/** `POST /api/kb/retrieval` */
export const KbRetrievalBody = Type.Object(
  {
    kbId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    query: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }),
    topK: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "the knowledge base's own topK when absent" })),
  },
  { additionalProperties: false },
);

export const KbKeyBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }) }, { additionalProperties: false });

/** Dify's external knowledge API request (docs.dify.ai "External Knowledge API"); unknown fields are ignored, as Dify may add some. */
export const DifyRetrievalBody = Type.Object({
  knowledge_id: Type.String({ minLength: 1, maxLength: 20 }),
  query: Type.String({ minLength: 1, maxLength: 2000 }),
  retrieval_setting: Type.Object({
    top_k: Type.Integer({ minimum: 1, maximum: 100 }),
    score_threshold: Type.Number({ minimum: 0, maximum: 1 }),
  }),
  metadata_condition: Type.Optional(
    Type.Object({
      logical_operator: Type.Optional(Type.String()),
      conditions: Type.Array(
        Type.Object({
          name: Type.Union([Type.String(), Type.Array(Type.String())]),
          comparison_operator: Type.String(),
          value: Type.Optional(Type.Union([Type.String(), Type.Number(), Type.Array(Type.Union([Type.String(), Type.Number()]))])),
        }),
        { maxItems: 16 },
      ),
    }),
  ),
});

const DifyRecord = Type.Object({
  content: Type.String(),
  score: Type.Number(),
  title: Type.String(),
  metadata: Type.Record(Type.String(), Type.Unknown()),
});
export const DifyAnswer = Type.Object({ records: Type.Array(DifyRecord) });
export const DifyError = Type.Object({ error_code: Type.Integer(), error_msg: Type.String() });
