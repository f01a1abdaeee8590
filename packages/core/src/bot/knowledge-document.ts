/**
 * How one article becomes index entries: weighted term frequencies over all its
 * fields (the answer counts less than the question, so a long answer that
 * mentions "order" in passing does not outrank an article asking about orders)
 * and, per phrasing (question and each alternative), the term weights used to
 * tell how much of that phrasing a query covers.
 */
import type { Tokenizer } from './tokenize.ts';

export interface KnowledgeArticle {
  id: string;
  question: string;
  answer: string;
  /** Other ways customers ask the same question. */
  alternatives?: string[];
  tags?: string[];
}

export interface IndexedDocument {
  article: KnowledgeArticle;
  /** Weighted term frequencies across all fields. */
  termFrequencies: Map<string, number>;
  /** Sum of the weighted frequencies: the BM25 document length. */
  length: number;
  phrasings: Phrasing[];
  script: CjkScript;
}

/**
 * Chinese and Japanese share most Han characters (取消, 海外, 破損), so a
 * Chinese question could land on a Japanese article. Kana marks Japanese;
 * Han without kana, Chinese; the index prefers an article of the question's.
 */
export type CjkScript = 'ja' | 'zh' | 'none';

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HAN = /\p{Script=Han}/u;

export function cjkScriptOf(text: string): CjkScript {
  if (KANA.test(text)) return 'ja';
  return HAN.test(text) ? 'zh' : 'none';
}

export interface Phrasing {
  weights: Map<string, number>;
  total: number;
}

export const FIELD_WEIGHT = { question: 1, alternative: 1, tag: 1, answer: 0.3 } as const;

export function indexDocument(article: KnowledgeArticle, tokenize: Tokenizer): IndexedDocument {
  const termFrequencies = new Map<string, number>();
  const add = (text: string, fieldWeight: number) => {
    for (const { term, weight } of tokenize(text)) {
      termFrequencies.set(term, (termFrequencies.get(term) ?? 0) + weight * fieldWeight);
    }
  };
  add(article.question, FIELD_WEIGHT.question);
  for (const alternative of article.alternatives ?? []) add(alternative, FIELD_WEIGHT.alternative);
  for (const tag of article.tags ?? []) add(tag, FIELD_WEIGHT.tag);
  add(article.answer, FIELD_WEIGHT.answer);
  let length = 0;
  for (const tf of termFrequencies.values()) length += tf;
  const phrasings = [article.question, ...(article.alternatives ?? [])].map((text) => phrasingOf(text, tokenize));
  return { article, termFrequencies, length, phrasings, script: cjkScriptOf(`${article.question} ${article.answer}`) };
}

/** Distinct terms with their (maximum) token weight. */
export function termWeights(text: string, tokenize: Tokenizer): Map<string, number> {
  const weights = new Map<string, number>();
  for (const { term, weight } of tokenize(text)) {
    weights.set(term, Math.max(weights.get(term) ?? 0, weight));
  }
  return weights;
}

function phrasingOf(text: string, tokenize: Tokenizer): Phrasing {
  const weights = termWeights(text, tokenize);
  let total = 0;
  for (const weight of weights.values()) total += weight;
  return { weights, total };
}

/** The largest share of one phrasing's term weight that the query contains. */
export function phrasingCoverage(phrasings: Phrasing[], query: Map<string, number>): number {
  let best = 0;
  for (const { weights, total } of phrasings) {
    if (total === 0) continue;
    let covered = 0;
    for (const [term, weight] of weights) if (query.has(term)) covered += weight;
    best = Math.max(best, covered / total);
  }
  return best;
}
