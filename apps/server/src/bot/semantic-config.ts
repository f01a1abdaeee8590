import type { Config } from '../config.ts';
import { EmbeddingsRanker, type SemanticOptions } from './semantic.ts';

/** The semantic layer from KB_EMBEDDINGS_* (off unless KB_EMBEDDINGS_URL is set). */
export function semanticFromConfig(config: Config): SemanticOptions | undefined {
  if (!config.KB_EMBEDDINGS_URL) return undefined;
  const ranker = new EmbeddingsRanker({ url: config.KB_EMBEDDINGS_URL, model: config.KB_EMBEDDINGS_MODEL, key: config.KB_EMBEDDINGS_KEY });
  const veto =
    config.KB_EMBEDDINGS_VETO_SIMILARITY === undefined
      ? undefined
      : { belowScore: config.KB_EMBEDDINGS_VETO_BELOW_SCORE, minSimilarity: config.KB_EMBEDDINGS_VETO_SIMILARITY };
  return { ranker, timeoutMs: config.KB_EMBEDDINGS_TIMEOUT_MS, minSimilarity: config.KB_EMBEDDINGS_MIN_SIMILARITY, veto };
}
