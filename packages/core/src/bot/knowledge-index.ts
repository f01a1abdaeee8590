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
import { indexDocument, phrasingCoverage, termWeights } from './knowledge-document.ts';
import type { IndexedDocument, KnowledgeArticle } from './knowledge-document.ts';

export type { KnowledgeArticle } from './knowledge-document.ts';

/** Scores at or above this answer the customer; tuned on zh/ja/en FAQ pairs (test/bot). */
export const DEFAULT_KB_THRESHOLD = 0.5;

export interface KnowledgeHit {
  articleId: string;
  score: number;
}

const K1 = 1.2;
const B = 0.75;
const QUERY_SHARE = 0.7;
/** Candidates (by query coverage) that get the costlier phrasing coverage. */
const RERANK_POOL = 32;

export class KnowledgeIndex {
  private readonly docs: (IndexedDocument | undefined)[] = [];
  private readonly slotById = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private readonly postings = new Map<string, Map<number, number>>();
  private totalLength = 0;
  private scratch = new Float64Array(0);
  /** Document lengths by slot, kept beside the documents for the scoring loop. */
  private lengths = new Float64Array(0);

  constructor(articles: Iterable<KnowledgeArticle> = []) {
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
    const doc = indexDocument(article);
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
    const query = termWeights(text);
    if (query.size === 0 || this.size === 0 || limit <= 0) return [];
    const pool = this.queryCoverage(query, Math.max(RERANK_POOL, limit * 4));
    const hits = pool.map(({ slot, coverage }) => {
      const doc = this.docs[slot] as IndexedDocument;
      const score = QUERY_SHARE * coverage + (1 - QUERY_SHARE) * phrasingCoverage(doc.phrasings, query);
      return { articleId: doc.article.id, score: Math.min(1, score) };
    });
    hits.sort((a, b) => b.score - a.score || (a.articleId < b.articleId ? -1 : 1));
    return hits.slice(0, limit);
  }

  /** The best article scoring at least `threshold`, or null (the bot then offers a person). */
  best(
    text: string,
    threshold = DEFAULT_KB_THRESHOLD,
  ): (KnowledgeHit & { article: KnowledgeArticle }) | null {
    const [top] = this.search(text, { limit: 1 });
    if (!top || top.score < threshold) return null;
    return { ...top, article: this.get(top.articleId) as KnowledgeArticle };
  }

  /**
   * Candidates with their query coverage, best first, at most `poolSize`.
   * Words and bigrams nominate candidates; CJK unigrams (huge postings: の, 的)
   * only add to candidates already nominated, unless nothing else matched.
   * Articles matching nothing but single characters would score far below any
   * threshold, and skipping them keeps a 10,000-article query in a few ms.
   */
  private queryCoverage(query: Map<string, number>, poolSize: number): { slot: number; coverage: number }[] {
    if (this.scratch.length < this.docs.length) this.scratch = new Float64Array(this.docs.length * 2);
    if (this.lengths.length < this.docs.length) this.growLengths();
    const sums = this.scratch;
    const lengths = this.lengths;
    const touched: number[] = [];
    const avgLength = this.totalLength / this.size || 1;
    const terms = [...query].sort(([a], [b]) => Number(a.startsWith('u:')) - Number(b.startsWith('u:')));
    let queryMass = 0;
    for (const [term, queryWeight] of terms) {
      const posting = this.postings.get(term);
      const weight = queryWeight * this.idf(posting?.size ?? 0);
      queryMass += weight;
      if (!posting) continue;
      const add = (tf: number, slot: number) => {
        const lengthNorm = 1 - B + (B * lengths[slot]) / avgLength;
        if (sums[slot] === 0) touched.push(slot);
        sums[slot] += weight * Math.min(1, (tf * (K1 + 1)) / (tf + K1 * lengthNorm));
      };
      if (!term.startsWith('u:') || touched.length === 0) {
        posting.forEach(add); // forEach: for-of over a Map allocates an entry per posting
      } else {
        for (let i = 0, n = touched.length; i < n; i++) {
          const tf = posting.get(touched[i]);
          if (tf !== undefined) add(tf, touched[i]);
        }
      }
    }
    const pool = topByCoverage(touched, sums, poolSize);
    for (const slot of touched) sums[slot] = 0;
    return pool.map(([slot, sum]) => ({ slot, coverage: sum / queryMass }));
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
