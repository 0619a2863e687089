import { Type, type Static } from 'typebox';
import { Nullable } from './schema-types.js';

/** `POST /internal/{projects,users}/names`: display names by id, for labels in another service's figures. */
export const NamesQuerySchema = Type.Object({ ids: Type.Array(Type.Integer({ minimum: 1, maximum: 2147483647 }), { maxItems: 1000 }) });
export const NamesSchema = Type.Object({ names: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })) });
export type Names = Static<typeof NamesSchema>;

/**
 * `GET /internal/instances/health` of the comfy-orchestrator: its live ComfyUI instances (they listen on its
 * host only), each just asked for `/system_stats`, for the monitor's health view.
 */
export const InstanceHealthQuerySchema = Type.Object({
  timeoutMs: Type.Integer({ minimum: 50, maximum: 10_000, default: 1000, description: "how long each instance's probe may take" }),
});
export const InstanceHealthSchema = Type.Object({
  /** the orchestrator's host name: where the instances run */
  host: Type.String(),
  instances: Type.Array(
    Type.Object({
      serviceId: Type.String(),
      projectId: Type.Integer(),
      userId: Type.Integer(),
      port: Nullable(Type.Integer()),
      gpu: Nullable(Type.String()),
      /** the orchestrator's own view (COMFY_STATUSES): starting, running, stopping or crashed */
      status: Type.String(),
      lastHeartbeat: Nullable(Type.String()),
      lastError: Nullable(Type.String()),
      /** the probe of this round: null when the instance has no port to ask */
      probe: Nullable(Type.Object({ ok: Type.Boolean(), latencyMs: Type.Integer(), error: Nullable(Type.String()) })),
    }),
  ),
});
export type InstanceHealth = Static<typeof InstanceHealthSchema>;
