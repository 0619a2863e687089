import { Type, type Static } from 'typebox';

// Shared with the console (@app/contracts).
export { DashboardResourcesSchema, ServerStatsSchema } from '@app/contracts/schemas/monitor';

export const ServerStatsQuerySchema = Type.Object(
  {
    node: Type.Optional(Type.String({ minLength: 1, maxLength: 253, description: "a node's name (GET /api/server/stats `nodes`); unset: the monitor's own node" })),
    history: Type.Optional(
      Type.String({ pattern: '^[1-9][0-9]{0,6}[sm]$', description: 'also return the samples of this window, oldest first: `<n>s` or `<n>m`, at most 15m', examples: ['15m', '5m', '1m', '30s'] }),
    ),
  },
  { additionalProperties: false },
);
export type ServerStatsQuery = Static<typeof ServerStatsQuerySchema>;

/** `15m` → 900000; the pattern has already said it is `<n>s` or `<n>m`. */
export const windowMs = (history: string) => Number(history.slice(0, -1)) * (history.endsWith('m') ? 60_000 : 1000);
