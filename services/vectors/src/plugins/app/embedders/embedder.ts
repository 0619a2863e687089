/** An embedding provider: the built-in lexical one, or (later) an OpenAI-compatible endpoint. */
export interface Embedder {
  /** Recorded with each collection, so a query is embedded by the model its collection was built with. */
  readonly model: string;
  readonly dimension: number;
  /** One vector per text, in order, each `dimension` long. */
  embed(texts: string[]): Promise<number[][]>;
}
