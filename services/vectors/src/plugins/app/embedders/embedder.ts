/** An embedding provider: the built-in lexical one (lexical.ts) or an OpenAI-compatible endpoint (openai.ts); registry.ts picks by model name. */
export interface Embedder {
  /** Recorded with each collection, so a query is embedded by the model its collection was built with. */
  readonly model: string;
  readonly dimension: number;
  /** One vector per text, in order, each `dimension` long. */
  embed(texts: string[]): Promise<number[][]>;
}
