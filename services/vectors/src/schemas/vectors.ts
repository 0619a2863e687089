import { Type } from 'typebox';

/** `GET /internal/vectors/summary`: how many collections there are and how many vectors they hold. */
export const VectorSummarySchema = Type.Object({ collections: Type.Integer(), totalVectors: Type.Integer() });
