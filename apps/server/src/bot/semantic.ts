import type { KnowledgeArticle } from '@switchboard/core';

/**
 * The optional semantic layer of the knowledge base (issue #17): a provider
 * that says how close a question is in meaning to some articles. Off by
 * default; the lexical index stays the answer whenever the provider is off,
 * down, slow or unsure.
 */
export interface SemanticRanker {
  /** Similarity (cosine, -1..1) of the question to each candidate, in candidate order. */
  similarities(question: string, candidates: KnowledgeArticle[], signal: AbortSignal): Promise<number[]>;
}

export interface SemanticOptions {
  ranker: SemanticRanker;
  /** The provider's whole answer must arrive within this, else the lexical result stands. */
  timeoutMs: number;
  /** A below-threshold lexical candidate is answered when its similarity reaches this. */
  minSimilarity: number;
  /**
   * Off unless set: a lexical answer scoring below `belowScore` is checked too,
   * and the bot falls back when the provider finds the article farther than
   * `minSimilarity` from the question (another business named with our words).
   */
  veto?: { belowScore: number; minSimilarity: number };
}

export interface EmbeddingsConfig {
  url: string;
  model: string;
  key?: string;
}

/** An OpenAI-compatible `POST /v1/embeddings`; article vectors are kept per text (bounded), so mostly only the question is sent. */
export class EmbeddingsRanker implements SemanticRanker {
  private readonly vectors = new Map<string, number[]>();

  constructor(
    private readonly config: EmbeddingsConfig,
    private readonly maxCached = 20_000,
  ) {}

  async similarities(question: string, candidates: KnowledgeArticle[], signal: AbortSignal): Promise<number[]> {
    const texts = candidates.map(articleText);
    const missing = [...new Set(texts.filter((t) => !this.vectors.has(t)))];
    const [q, ...fresh] = await this.embed([question, ...missing], signal);
    missing.forEach((t, i) => this.remember(t, fresh[i]!));
    return texts.map((t) => cosine(q!, this.vectors.get(t)!));
  }

  private async embed(input: string[], signal: AbortSignal): Promise<number[][]> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.config.key) headers.authorization = `Bearer ${this.config.key}`;
    const res = await fetch(this.config.url, { method: 'POST', headers, body: JSON.stringify({ model: this.config.model, input }), signal });
    if (!res.ok) throw new Error(`embeddings provider answered ${res.status}`);
    const body = (await res.json()) as { data?: Array<{ index?: number; embedding?: unknown }> };
    const data = [...(body.data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    const vectors = data.map((d) => d.embedding);
    if (vectors.length !== input.length || !vectors.every(isVector)) throw new Error('embeddings provider sent a malformed answer');
    return vectors;
  }

  private remember(text: string, vector: number[]) {
    if (this.vectors.size >= this.maxCached) this.vectors.delete(this.vectors.keys().next().value!);
    this.vectors.set(text, vector);
  }
}

const articleText = (a: KnowledgeArticle) => [a.question, ...(a.alternatives ?? [])].join('\n');

const isVector = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x));

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Asks the provider about the lexical candidates, within the time box.
 * Returns the best candidate at or above `minSimilarity`, or null (provider
 * unsure, failed or late: the caller keeps the lexical decision).
 */
export async function semanticPick(
  options: SemanticOptions,
  question: string,
  candidates: KnowledgeArticle[],
): Promise<{ article: KnowledgeArticle; similarity: number } | null> {
  if (candidates.length === 0) return null;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const sims = await options.ranker.similarities(question, candidates, controller.signal);
    let best = -1;
    sims.forEach((s, i) => (best = best < 0 || s > sims[best]! ? i : best));
    return best >= 0 && sims[best]! >= options.minSimilarity ? { article: candidates[best]!, similarity: sims[best]! } : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether the provider vetoes a weak lexical answer: its similarity when it
 * answered in time and found the article too far, else null (no veto set, a
 * strong lexical answer, or the provider failed, was late or agreed: the
 * lexical answer stands).
 */
export async function semanticVeto(options: SemanticOptions, question: string, article: KnowledgeArticle, score: number): Promise<number | null> {
  const veto = options.veto;
  if (!veto || score >= veto.belowScore) return null;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const [similarity] = await options.ranker.similarities(question, [article], controller.signal);
    return similarity !== undefined && similarity < veto.minSimilarity ? similarity : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
