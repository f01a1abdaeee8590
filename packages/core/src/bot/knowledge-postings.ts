/**
 * The inverted index under KnowledgeIndex: indexed documents in reusable
 * slots, postings (term → slot → weighted frequency), and the BM25 pass that
 * nominates candidates with their query coverage. Kept apart from scoring so
 * the hot loop over typed arrays reads on its own.
 */
import type { IndexedDocument } from './knowledge-document.ts';
import type { Candidate } from './knowledge-scoring.ts';
import { TypoVocabulary } from './knowledge-typos.ts';
import { WORD_WEIGHT } from './tokenize.ts';

const K1 = 1.2;
const B = 0.75;

export type PooledCandidate = Candidate & { slot: number };

export class KnowledgePostings {
  private readonly docs: (IndexedDocument | undefined)[] = [];
  private readonly slotById = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private readonly postings = new Map<string, Map<number, number>>();
  /** Latin terms held, for reading a typo as the word one edit away (knowledge-typos.ts). */
  private readonly vocabulary = new TypoVocabulary();
  private totalLength = 0;
  private scratch = new Float64Array(0);
  /** Per slot, the unsaturated query weight the article holds (for `extra`). */
  private heldScratch = new Float64Array(0);
  /** Document lengths by slot, kept beside the documents for the scoring loop. */
  private lengths = new Float64Array(0);

  get size(): number {
    return this.slotById.size;
  }

  has(articleId: string): boolean {
    return this.slotById.has(articleId);
  }

  byId(articleId: string): IndexedDocument | undefined {
    const slot = this.slotById.get(articleId);
    return slot === undefined ? undefined : this.docs[slot];
  }

  bySlot(slot: number): IndexedDocument {
    return this.docs[slot] as IndexedDocument;
  }

  /** The slots of the articles holding the term (undefined: none does). */
  holders(term: string): ReadonlyMap<number, number> | undefined {
    return this.postings.get(term);
  }

  /** The caller has checked the id is not indexed. */
  add(doc: IndexedDocument): void {
    const slot = this.freeSlots.pop() ?? this.docs.length;
    this.docs[slot] = doc;
    if (slot < this.lengths.length) this.lengths[slot] = doc.length;
    this.slotById.set(doc.article.id, slot);
    for (const [term, tf] of doc.termFrequencies) {
      let posting = this.postings.get(term);
      if (!posting) {
        this.postings.set(term, (posting = new Map()));
        this.vocabulary.add(term);
      }
      posting.set(slot, tf);
    }
    this.totalLength += doc.length;
  }

  /** Returns whether the article was indexed. */
  remove(articleId: string): boolean {
    const slot = this.slotById.get(articleId);
    const doc = slot === undefined ? undefined : this.docs[slot];
    if (slot === undefined || !doc) return false;
    for (const term of doc.termFrequencies.keys()) {
      const posting = this.postings.get(term);
      posting?.delete(slot);
      if (posting?.size === 0) {
        this.postings.delete(term);
        this.vocabulary.delete(term);
      }
    }
    this.totalLength -= doc.length;
    this.docs[slot] = undefined;
    this.slotById.delete(articleId);
    this.freeSlots.push(slot);
    return true;
  }

  /** The held Latin term one edit from a term no article holds ("pasword" → password), or undefined. */
  typoOf(term: string): string | undefined {
    if (this.postings.has(term)) return undefined;
    return this.vocabulary.nearest(term, (known) => this.postings.get(known)?.size ?? 0);
  }

  /** A term no article holds weighs like the rarest one held: a typo should not swamp the query. */
  idf(documentFrequency: number): number {
    const df = Math.max(1, documentFrequency);
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  termIdf(term: string): number {
    return this.idf(this.postings.get(term)?.size ?? 0);
  }

  /**
   * Candidates with their query coverage, best first, at most `poolSize`;
   * `unknown`: what a term no article holds weighs (share of its IDF);
   * `credit`: the share a term earns where held (a synonym read: below 1),
   * its whole weight still counting in the query's mass.
   * Words and bigrams nominate candidates; CJK unigrams (huge postings: の, 的)
   * only add to candidates already nominated, unless nothing else matched.
   * Articles matching nothing but single characters would score far below any
   * threshold, and skipping them keeps a 10,000-article query in a few ms.
   */
  queryCoverage(query: Map<string, number>, poolSize: number, unknown: number, credit?: ReadonlyMap<string, number>): PooledCandidate[] {
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
      return { queryWeight, posting, refines: this.onlyRefines(term, queryWeight, posting?.size ?? 0), earns: credit?.get(term) ?? 1 };
    });
    terms.sort((a, b) => Number(a.refines) - Number(b.refines));
    let queryMass = 0;
    for (const { queryWeight, posting, refines, earns } of terms) {
      const full = queryWeight * this.idf(posting?.size ?? 0) * (posting ? 1 : unknown);
      queryMass += full;
      if (!posting) continue;
      const weight = full * earns;
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

  private growLengths(): void {
    this.lengths = new Float64Array(this.docs.length * 2);
    this.docs.forEach((doc, slot) => (this.lengths[slot] = doc?.length ?? 0));
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
