/**
 * How one article becomes index entries: weighted term frequencies over all its
 * fields (FIELD_WEIGHT) and, per phrasing (question and each alternative), the term weights used to
 * tell how much of that phrasing a query covers.
 */
import { WORD_WEIGHT, lexiconText, type Tokenizer, type WeightedToken } from './tokenize.ts';

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
  /** Terms of the question, alternatives and tags: what the article is about, not what its answer mentions. */
  topicTerms: Set<string>;
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

/**
 * The answer counts as much as the question since the lone-word rule (0.3
 * before: without that rule, a long answer mentioning "order" in passing
 * answered off-topic questions; bench/knowledge, docs/benchmarks.md M7).
 */
export const FIELD_WEIGHT = { question: 1, alternative: 1, tag: 1, answer: 1 } as const;

export function indexDocument(article: KnowledgeArticle, tokenize: Tokenizer, answerWeight: number = FIELD_WEIGHT.answer): IndexedDocument {
  const termFrequencies = new Map<string, number>();
  const add = (text: string, fieldWeight: number) => {
    for (const { term, weight } of tokenize(text)) {
      termFrequencies.set(term, (termFrequencies.get(term) ?? 0) + weight * fieldWeight);
    }
  };
  add(article.question, FIELD_WEIGHT.question);
  for (const alternative of article.alternatives ?? []) add(alternative, FIELD_WEIGHT.alternative);
  for (const tag of article.tags ?? []) add(tag, FIELD_WEIGHT.tag);
  const topicTerms = new Set(termFrequencies.keys());
  add(article.answer, answerWeight);
  let length = 0;
  for (const tf of termFrequencies.values()) length += tf;
  const phrasings = [article.question, ...(article.alternatives ?? [])].map((text) => phrasingOf(text, tokenize));
  return { article, termFrequencies, length, phrasings, topicTerms, script: cjkScriptOf(`${article.question} ${article.answer}`) };
}

/** Distinct terms with their (maximum) token weight. */
export function termWeights(text: string, tokenize: Tokenizer): Map<string, number> {
  return weightsOf(tokenize(text));
}

export function weightsOf(tokens: readonly WeightedToken[]): Map<string, number> {
  const weights = new Map<string, number>();
  for (const { term, weight } of tokens) {
    weights.set(term, Math.max(weights.get(term) ?? 0, weight));
  }
  return weights;
}

/**
 * The query's words, each as the terms that stand for it (a CJK word's
 * bigrams, or its one character; a Latin word), repeated words once.
 */
export function queryWords(tokens: readonly WeightedToken[], aspects = true): string[][] {
  const byWord = new Map<number, string[]>();
  for (const { term, weight, word, aspect } of tokens) {
    if (weight < WORD_WEIGHT && !(aspect && aspects)) continue;
    const terms = byWord.get(word);
    if (terms) terms.push(term);
    else byWord.set(word, [term]);
  }
  const seen = new Set<string>();
  const words: string[][] = [];
  for (const terms of byWord.values()) {
    const key = terms.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    words.push(terms);
  }
  return words;
}

/**
 * How many of the query's words the article holds anywhere (question,
 * alternatives, tags or answer); a CJK word counts when the article holds
 * more than half of its bigrams (密碼學 is not 密碼).
 */
export function wordsMatched(doc: IndexedDocument, words: string[][]): number {
  let matched = 0;
  for (const terms of words) if (holdsWord(doc.termFrequencies, terms)) matched++;
  return matched;
}

/** More than half of the word's terms are among `held` (a CJK word's bigrams; a Latin phrase's words). */
export function holdsWord(held: { has(term: string): boolean }, terms: readonly string[]): boolean {
  let count = 0;
  for (const term of terms) if (held.has(term)) count++;
  return count * 2 > terms.length;
}

function phrasingOf(text: string, tokenize: Tokenizer): Phrasing {
  const weights = termWeights(text, tokenize);
  let total = 0;
  for (const weight of weights.values()) total += weight;
  return { weights, total };
}

/**
 * The largest share of one phrasing's term weight that the query contains;
 * with `idf`, each term weighs by its rarity too, so missing "refund" in
 * "When will I get my refund?" costs more than missing "get". A term the
 * query holds only as a synonym read (`credit`) counts that share of itself.
 */
export function phrasingCoverage(
  phrasings: Phrasing[],
  query: Map<string, number>,
  idf?: (term: string) => number,
  credit?: ReadonlyMap<string, number>,
): number {
  let best = 0;
  for (const { weights, total } of phrasings) {
    if (total === 0) continue;
    let covered = 0;
    let all = idf ? 0 : total;
    for (const [term, weight] of weights) {
      const w = idf ? weight * idf(term) : weight;
      if (idf) all += w;
      if (query.has(term)) covered += w * (credit?.get(term) ?? 1);
    }
    if (all > 0) best = Math.max(best, covered / all);
  }
  return best;
}

/** A Latin other-business entry of two or more words (email account): a compound, held only as written. */
export const LATIN_COMPOUND = /^[\p{Script=Latin}\p{N}][^ ]* .*[\p{Script=Latin}\p{N}]$/u;

/** Each article's text as the lexicon reads it, for compounds (made when a question names one). */
const LEXICON_TEXT = new WeakMap<IndexedDocument, string>();

/** Whether the article's text (question, alternatives, tags, answer) holds the compound as written, as whole words. */
export function namesCompound(doc: IndexedDocument, compound: string): boolean {
  let text = LEXICON_TEXT.get(doc);
  if (text === undefined) {
    const a = doc.article;
    text = lexiconText([a.question, ...(a.alternatives ?? []), ...(a.tags ?? []), a.answer].join('\n'));
    LEXICON_TEXT.set(doc, text);
  }
  for (let at = text.indexOf(compound); at >= 0; at = text.indexOf(compound, at + 1)) {
    const before = text[at - 1];
    const after = text[at + compound.length];
    if (!(before && /[\p{L}\p{N}]/u.test(before)) && !(after && /[\p{L}\p{N}]/u.test(after))) return true;
  }
  return false;
}
