/**
 * Knowledge-base search (SPEC §4): an inverted index with BM25-style scoring,
 * normalised to 0..1 so one threshold means the same thing for a 10-article FAQ
 * and a 10,000-article help centre (docs/bot.md, "Knowledge base").
 *
 *   score = 0.7 × query coverage + 0.3 × phrasing coverage
 *
 * query coverage: the IDF-weighted share of the query's terms the article
 * holds, each damped by BM25 term-frequency saturation and length
 * normalisation (1 = every query term, in an article of average length or
 * shorter). phrasing coverage: the largest share of the article's question (or
 * one alternative) that the query contains, so "reset password" prefers
 * "Reset password" over a long question that merely mentions both.
 */
import { DomainError } from '../errors.ts';
import { FIELD_WEIGHT, cjkScriptOf, indexDocument, phrasingCoverage, queryWords, weightsOf, wordsMatched } from './knowledge-document.ts';
import type { IndexedDocument, KnowledgeArticle } from './knowledge-document.ts';
import { Lexicon } from './knowledge-lexicon.ts';
import { normalizeText } from './normalize.ts';
import type { Segmenter, Stemmer } from './segmenter.ts';
import {
  ASPECT_WEIGHT,
  SINGLE_CHAR_WEIGHT,
  WORD_WEIGHT,
  createTokenizer,
  tokenize as defaultTokenize,
  type Tokenizer,
  type WeightedToken,
} from './tokenize.ts';

export type { KnowledgeArticle } from './knowledge-document.ts';

/** Scores at or above this answer the customer; calibrated on bench/knowledge (CALIBRATION_POINT). */
export const DEFAULT_KB_THRESHOLD = 0.5;

export interface KnowledgeIndexOptions {
  /** Word segmentation for CJK runs; default: script-class runs (no dictionary). */
  segmenter?: Segmenter;
  /** English stemming; default: core's light suffix stripper (`stem`). */
  stemmer?: Stemmer;
  /** A workspace's synonym groups, on top of the seed list (first member canonical). */
  synonyms?: readonly (readonly string[])[];
  /** Scoring weights; the defaults are what bench/knowledge measured (for experiments, not settings). */
  scoring?: Partial<KnowledgeScoring>;
}

/**
 * lexical = (query × query coverage + phrasing × phrasing coverage + words ×
 * word coverage) / (query + phrasing + words), then × loneWord when the article
 * holds only one of the query's two or more words.
 */
export interface KnowledgeScoring {
  query: number;
  phrasing: number;
  words: number;
  loneWord: number;
  /** 'one': the penalty applies when the article holds at most one of two or more query words; 'half': fewer than half of them. */
  loneRule: 'one' | 'half';
  /** Phrasing coverage weighs each term by its IDF too. */
  phrasingIdf: boolean;
  /**
   * What a query term no article holds weighs, as a share of the rarest held
   * term's IDF: the customer's own context (耳機, yesterday) should not swamp
   * the words the article does hold.
   */
  unknown: number;
  /** The lexical score published as 0.5 (see CALIBRATION_POINT). */
  calibration: number;
  /** What an answer term counts for, against a question term's 1. */
  answer: number;
  /** Each sentence of a longer message is scored alone too, an article keeping its best score. */
  sentences: boolean;
  /**
   * When the article holds two or more of the query's words, what the query
   * terms it does not hold weigh (share of their IDF weight) in the query
   * coverage: strong evidence is not undone by the customer's own context.
   */
  extra: number;
  /** What an aspect's terms (how long, 多久) weigh; 1 treats them as topic words (before #17's fourth round). */
  aspect: number;
  /** An aspect counts as one of the query's words for the lone-word rule. */
  aspectIsWord: boolean;
  /** What a one-character CJK word the segmenter cut weighs (SINGLE_CHAR_WEIGHT; for experiments). */
  singleChar: number;
  /** A text whose only words are aspects scores nothing (false: scored as before). */
  aspectsAlone: boolean;
  /** What a clause before the last keeps of its score when scored alone (the question usually comes last). */
  earlierClause: number;
}

export interface KnowledgeHit {
  articleId: string;
  score: number;
}

export type KnowledgeMatch = KnowledgeHit & { article: KnowledgeArticle };

/**
 * What the bot does with a question: answer with one article, ask the customer
 * to choose between two neighbours that score too close to tell apart, or
 * fall back (`hits`: the near misses, best first).
 */
export type KnowledgeDecision =
  | { type: 'answer'; match: KnowledgeMatch; hits: KnowledgeHit[] }
  | { type: 'clarify'; options: [KnowledgeMatch, KnowledgeMatch]; hits: KnowledgeHit[] }
  | { type: 'none'; hits: KnowledgeHit[] };

/** Below this gap between the best and the second article (both above the threshold) the bot asks which one. */
export const DEFAULT_KB_MARGIN = 0.05;

const K1 = 1.2;
const B = 0.75;
/** A Chinese question against a Japanese article (or the reverse) keeps this share of its score. */
const OTHER_SCRIPT = 0.7;
/**
 * The lexical score where on-topic and off-topic questions of the dev half of
 * bench/knowledge separate (off-topic ≤ 0.28, right answers ≥ 0.34); the
 * published score maps it to 0.5, so the threshold keeps meaning "even odds".
 */
const CALIBRATION_POINT = 0.35;

export const DEFAULT_KB_SCORING: KnowledgeScoring = {
  query: 0.7,
  phrasing: 0.3,
  words: 0,
  loneWord: 0.75,
  loneRule: 'one',
  phrasingIdf: false,
  unknown: 1,
  calibration: CALIBRATION_POINT,
  answer: FIELD_WEIGHT.answer,
  sentences: true,
  extra: 0.75,
  aspect: ASPECT_WEIGHT,
  aspectIsWord: true,
  singleChar: SINGLE_CHAR_WEIGHT,
  aspectsAlone: true,
  earlierClause: 0.85,
};
/** Candidates (by query coverage) that get the costlier phrasing coverage. */
const RERANK_POOL = 32;

export class KnowledgeIndex {
  private readonly docs: (IndexedDocument | undefined)[] = [];
  private readonly slotById = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private readonly postings = new Map<string, Map<number, number>>();
  private totalLength = 0;
  private scratch = new Float64Array(0);
  /** Per slot, the unsaturated query weight the article holds (for `extra`). */
  private heldScratch = new Float64Array(0);
  /** Document lengths by slot, kept beside the documents for the scoring loop. */
  private lengths = new Float64Array(0);

  private readonly tokenize: Tokenizer;
  private readonly scoring: KnowledgeScoring;

  constructor(articles: Iterable<KnowledgeArticle> = [], options: KnowledgeIndexOptions = {}) {
    this.scoring = { ...DEFAULT_KB_SCORING, ...options.scoring };
    const custom =
      options.segmenter ||
      options.stemmer ||
      options.synonyms?.length ||
      this.scoring.aspect !== ASPECT_WEIGHT ||
      this.scoring.singleChar !== SINGLE_CHAR_WEIGHT;
    const lexicon = options.synonyms?.length ? Lexicon.withSynonyms(options.synonyms) : undefined;
    this.tokenize = custom
      ? createTokenizer({
          segmenter: options.segmenter,
          stemmer: options.stemmer,
          lexicon,
          aspectWeight: this.scoring.aspect,
          singleCharWeight: this.scoring.singleChar,
        })
      : defaultTokenize;
    for (const article of articles) this.add(article);
  }

  get size(): number {
    return this.slotById.size;
  }

  has(articleId: string): boolean {
    return this.slotById.has(articleId);
  }

  get(articleId: string): KnowledgeArticle | undefined {
    const slot = this.slotById.get(articleId);
    return slot === undefined ? undefined : this.docs[slot]?.article;
  }

  /** Throws CONFLICT when the id is already indexed: use `update` to replace. */
  add(article: KnowledgeArticle): void {
    if (this.slotById.has(article.id)) throw new DomainError('CONFLICT', `article ${article.id} is already indexed`);
    const doc = indexDocument(article, this.tokenize, this.scoring.answer);
    const slot = this.freeSlots.pop() ?? this.docs.length;
    this.docs[slot] = doc;
    if (slot < this.lengths.length) this.lengths[slot] = doc.length;
    this.slotById.set(article.id, slot);
    for (const [term, tf] of doc.termFrequencies) {
      let posting = this.postings.get(term);
      if (!posting) this.postings.set(term, (posting = new Map()));
      posting.set(slot, tf);
    }
    this.totalLength += doc.length;
  }

  /** Replaces the article with the same id, or adds it. */
  update(article: KnowledgeArticle): void {
    this.remove(article.id);
    this.add(article);
  }

  /** Returns whether the article was indexed. */
  remove(article: KnowledgeArticle | string): boolean {
    const id = typeof article === 'string' ? article : article.id;
    const slot = this.slotById.get(id);
    const doc = slot === undefined ? undefined : this.docs[slot];
    if (slot === undefined || !doc) return false;
    for (const term of doc.termFrequencies.keys()) {
      const posting = this.postings.get(term);
      posting?.delete(slot);
      if (posting?.size === 0) this.postings.delete(term);
    }
    this.totalLength -= doc.length;
    this.docs[slot] = undefined;
    this.slotById.delete(id);
    this.freeSlots.push(slot);
    return true;
  }

  /** Best matches first (score descending, then article id); scores in 0..1, zero scores left out. */
  search(text: string, options: { limit?: number } = {}): KnowledgeHit[] {
    const limit = options.limit ?? 5;
    if (this.size === 0 || limit <= 0) return [];
    const poolSize = Math.max(RERANK_POOL, limit * 4);
    const script = cjkScriptOf(text);
    let hits = this.scoreText(text, script, poolSize);
    // A greeting, the customer's story and the question in one message: each
    // sentence is also scored alone, an article keeping its best score, so
    // the story's words (the lamp, 我去年) do not count against the question.
    const sentences = this.scoring.sentences ? questionSentences(text) : [];
    if (sentences.length > 1) {
      const best = new Map(hits.map((hit) => [hit.articleId, hit.score]));
      sentences.forEach((sentence, i) => {
        const factor = i === sentences.length - 1 ? 1 : this.scoring.earlierClause;
        for (const hit of this.scoreText(sentence, script, poolSize)) {
          const score = hit.score * factor;
          if (score > (best.get(hit.articleId) ?? 0)) best.set(hit.articleId, score);
        }
      });
      hits = [...best].map(([articleId, score]) => ({ articleId, score }));
    }
    hits.sort((a, b) => b.score - a.score || (a.articleId < b.articleId ? -1 : 1));
    return hits.slice(0, limit);
  }

  /** Every pooled article's score for one text (unsorted); `script` is the whole message's. */
  private scoreText(text: string, script: string, poolSize: number): KnowledgeHit[] {
    const tokens = this.withoutUnknownGoods(this.tokenize(text));
    const query = weightsOf(tokens);
    if (query.size === 0) return [];
    const pool = this.queryCoverage(query, poolSize);
    const words = queryWords(tokens, this.scoring.aspectIsWord);
    // Aspects alone (使い方, how long) name no topic: nothing to answer.
    if (this.scoring.aspectsAlone && words.length > 0 && queryWords(tokens, false).length === 0) return [];
    const s = this.scoring;
    const shares = s.query + s.phrasing + s.words;
    const idf = s.phrasingIdf ? (term: string) => this.idf(this.postings.get(term)?.size ?? 0) : undefined;
    return pool.map(({ slot, sum, held, mass }) => {
      const doc = this.docs[slot] as IndexedDocument;
      const mismatch = script !== 'none' && doc.script !== 'none' && script !== doc.script;
      const matched = words.length === 0 ? 0 : wordsMatched(doc, words);
      const coverage = sum / (matched >= 2 ? held + s.extra * (mass - held) : mass);
      const wordCoverage = words.length === 0 ? coverage : matched / words.length;
      let lexical = (s.query * coverage + s.phrasing * phrasingCoverage(doc.phrasings, query, idf) + s.words * wordCoverage) / shares;
      // One word of several held: not enough to answer on (ピザを注文したい, order a taxi).
      if (words.length >= 2 && (s.loneRule === 'one' ? matched <= 1 : matched * 2 < words.length)) lexical *= s.loneWord;
      return { articleId: doc.article.id, score: calibrated(mismatch ? lexical * OTHER_SCRIPT : lexical, s.calibration) };
    });
  }

  /**
   * Goods (耳機, mug) no article names are the customer's context: dropped from
   * the question. An article names one when it holds more than half of its
   * terms (スニーカー is not named by the カー of クレジットカード).
   */
  private withoutUnknownGoods(tokens: WeightedToken[]): WeightedToken[] {
    if (!tokens.some((t) => t.goods)) return tokens;
    const termsByWord = new Map<number, string[]>();
    for (const t of tokens) if (t.goods && t.weight >= WORD_WEIGHT) termsByWord.set(t.word, [...(termsByWord.get(t.word) ?? []), t.term]);
    const named = new Set<number>();
    for (const [word, terms] of termsByWord) {
      const held = new Map<number, number>();
      for (const term of new Set(terms)) this.postings.get(term)?.forEach((_, slot) => held.set(slot, (held.get(slot) ?? 0) + 1));
      for (const count of held.values()) if (count * 2 > new Set(terms).size) named.add(word);
    }
    return tokens.filter((t) => !t.goods || named.has(t.word));
  }

  /** The best article scoring at least `threshold`, or null (the bot then offers a person). */
  best(text: string, threshold = DEFAULT_KB_THRESHOLD): KnowledgeMatch | null {
    const [top] = this.search(text, { limit: 1 });
    if (!top || top.score < threshold) return null;
    return { ...top, article: this.get(top.articleId) as KnowledgeArticle };
  }

  /**
   * Answer, clarify or fall back. Two articles both above the threshold and
   * within `margin` of each other are neighbouring topics (refund / returns):
   * the bot asks which one rather than guess (docs/bot.md).
   */
  decide(text: string, options: { threshold?: number; margin?: number; limit?: number } = {}): KnowledgeDecision {
    const threshold = options.threshold ?? DEFAULT_KB_THRESHOLD;
    const margin = options.margin ?? DEFAULT_KB_MARGIN;
    const hits = this.search(text, { limit: Math.max(2, options.limit ?? 3) });
    const [top, second] = hits;
    const match = (hit: KnowledgeHit): KnowledgeMatch => ({ ...hit, article: this.get(hit.articleId) as KnowledgeArticle });
    if (!top || top.score < threshold) return { type: 'none', hits };
    // A customer who picked one of the two offered questions gets that article.
    const picked = second && hits.slice(0, 2).find((hit) => this.isPhrasingOf(hit, text));
    if (picked) return { type: 'answer', match: match(picked), hits };
    // Two articles of different scripts are one topic in two languages (送料 / 運費), not neighbours.
    if (second && second.score >= threshold && top.score - second.score < margin && this.scriptOf(top) === this.scriptOf(second)) {
      return { type: 'clarify', options: [match(top), match(second)], hits };
    }
    return { type: 'answer', match: match(top), hits };
  }

  /**
   * Candidates with their query coverage, best first, at most `poolSize`.
   * Words and bigrams nominate candidates; CJK unigrams (huge postings: の, 的)
   * only add to candidates already nominated, unless nothing else matched.
   * Articles matching nothing but single characters would score far below any
   * threshold, and skipping them keeps a 10,000-article query in a few ms.
   */
  private queryCoverage(query: Map<string, number>, poolSize: number): { slot: number; sum: number; held: number; mass: number }[] {
    if (this.scratch.length < this.docs.length) {
      this.scratch = new Float64Array(this.docs.length * 2);
      this.heldScratch = new Float64Array(this.docs.length * 2);
    }
    const heldMass = this.heldScratch;
    if (this.lengths.length < this.docs.length) this.growLengths();
    const sums = this.scratch;
    const lengths = this.lengths;
    const touched: number[] = [];
    const avgLength = this.totalLength / this.size || 1;
    const terms = [...query].map(([term, queryWeight]) => {
      const posting = this.postings.get(term);
      return { queryWeight, posting, refines: this.onlyRefines(term, queryWeight, posting?.size ?? 0) };
    });
    terms.sort((a, b) => Number(a.refines) - Number(b.refines));
    let queryMass = 0;
    for (const { queryWeight, posting, refines } of terms) {
      const weight = queryWeight * this.idf(posting?.size ?? 0) * (posting ? 1 : this.scoring.unknown);
      queryMass += weight;
      if (!posting) continue;
      const add = (tf: number, slot: number) => {
        const lengthNorm = 1 - B + (B * lengths[slot]) / avgLength;
        if (sums[slot] === 0) touched.push(slot);
        sums[slot] += weight * Math.min(1, (tf * (K1 + 1)) / (tf + K1 * lengthNorm));
        heldMass[slot] += weight;
      };
      if (!refines || touched.length === 0) {
        posting.forEach(add); // forEach: for-of over a Map allocates an entry per posting
      } else {
        for (let i = 0, n = touched.length; i < n; i++) {
          const tf = posting.get(touched[i]);
          if (tf !== undefined) add(tf, touched[i]);
        }
      }
    }
    const pool = topByCoverage(touched, sums, poolSize).map(([slot, sum]) => ({ slot, sum, held: heldMass[slot], mass: queryMass }));
    for (const slot of touched) sums[slot] = heldMass[slot] = 0;
    return pool;
  }

  /**
   * A CJK unigram inside a longer word, or a one-character word found in more
   * than 1 article in 20 (會, 的): it refines candidates, never nominates them.
   */
  private onlyRefines(term: string, queryWeight: number, documentFrequency: number): boolean {
    if (!term.startsWith('u:')) return false;
    return queryWeight < WORD_WEIGHT || documentFrequency * 20 > this.size;
  }

  /** The text is the article's question or one of its alternatives, as typed or tapped. */
  private isPhrasingOf(hit: KnowledgeHit, text: string): boolean {
    const article = this.get(hit.articleId);
    const typed = normalizeText(text);
    return !!article && [article.question, ...(article.alternatives ?? [])].some((phrasing) => normalizeText(phrasing) === typed);
  }

  private scriptOf(hit: KnowledgeHit): string {
    const slot = this.slotById.get(hit.articleId);
    return (slot !== undefined && this.docs[slot]?.script) || 'none';
  }

  private growLengths(): void {
    this.lengths = new Float64Array(this.docs.length * 2);
    this.docs.forEach((doc, slot) => (this.lengths[slot] = doc?.length ?? 0));
  }

  /** A term no article holds weighs like the rarest one held: a typo should not swamp the query. */
  private idf(documentFrequency: number): number {
    const df = Math.max(1, documentFrequency);
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }
}

/**
 * The sentences (clauses) of a message, split after sentence punctuation in
 * the three languages (。！？ ! ? ; a full stop before a space) and after
 * commas (，and , but not 1,000), trimmed, empty ones dropped; at most MAX_SENTENCES (the last ones: the question usually comes
 * last). One sentence: [] (the whole message is that sentence).
 */
export function questionSentences(text: string): string[] {
  const sentences = text
    .split(/(?<=[。！？!?；;\n，])|(?<=,)(?!\d)|(?<=\.)(?=\s)/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence));
  return sentences.length > 1 ? sentences.slice(-MAX_SENTENCES) : [];
}

const MAX_SENTENCES = 4;

/** Piecewise linear, monotone: 0 → 0, the calibration point → 0.5, 1 → 1. */
function calibrated(lexical: number, point: number): number {
  const raw = Math.min(1, lexical);
  if (raw <= point) return (0.5 * raw) / point;
  return 0.5 + (0.5 * (raw - point)) / (1 - point);
}

/** The `size` highest sums, best first; a partial selection, since candidates can number thousands. */
function topByCoverage(slots: number[], sums: Float64Array, size: number): [number, number][] {
  const top: [number, number][] = [];
  for (const slot of slots) {
    const sum = sums[slot];
    if (top.length === size && sum <= top[top.length - 1][1]) continue;
    let at = top.length;
    while (at > 0 && top[at - 1][1] < sum) at--;
    top.splice(at, 0, [slot, sum]);
    if (top.length > size) top.pop();
  }
  return top;
}
