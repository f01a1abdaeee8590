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
 *
 * The parts: knowledge-document.ts (an article as index entries),
 * knowledge-postings.ts (the inverted index and the BM25 pass),
 * knowledge-scoring.ts (one candidate's score), knowledge-sentences.ts (the
 * clauses of a long message), knowledge-decision.ts (answer, clarify or fall back).
 */
import { DomainError } from '../errors.ts';
import { LATIN_COMPOUND, cjkScriptOf, holdsWord, indexDocument, namesCompound, queryWords, weightsOf, wordsMatched, type IndexedDocument } from './knowledge-document.ts';
import type { KnowledgeArticle } from './knowledge-document.ts';
import { DEFAULT_KB_MARGIN, decideAmong, type KnowledgeDecision, type KnowledgeHit, type KnowledgeMatch } from './knowledge-decision.ts';
import { DEFAULT_LEXICON, Lexicon } from './knowledge-lexicon.ts';
import { DEFAULT_GENERIC_WORDS } from './knowledge-word-lists.ts';
import { KnowledgePostings } from './knowledge-postings.ts';
import { DEFAULT_KB_SCORING, DEFAULT_KB_THRESHOLD, candidateScore, type KnowledgeScoring } from './knowledge-scoring.ts';
import { questionSentences } from './knowledge-sentences.ts';
import { withSenses, withoutNegated } from './knowledge-senses.ts';
import type { Segmenter, Stemmer, Thesaurus } from './segmenter.ts';
import {
  ASPECT_WEIGHT,
  SINGLE_CHAR_WEIGHT,
  WORD_WEIGHT,
  createTokenizer,
  lexiconText,
  tokenize as defaultTokenize,
  type Tokenizer,
  type WeightedToken,
} from './tokenize.ts';

export type { KnowledgeArticle } from './knowledge-document.ts';
export { DEFAULT_KB_MARGIN, type KnowledgeDecision, type KnowledgeHit, type KnowledgeMatch } from './knowledge-decision.ts';
export { DEFAULT_KB_SCORING, DEFAULT_KB_THRESHOLD, type KnowledgeScoring } from './knowledge-scoring.ts';
export { questionSentences } from './knowledge-sentences.ts';

export interface KnowledgeIndexOptions {
  /** Word segmentation for CJK runs; default: script-class runs (no dictionary). */
  segmenter?: Segmenter;
  /** English stemming; default: core's light suffix stripper (`stem`). */
  stemmer?: Stemmer;
  /**
   * English synonyms (the server's: WordNet's common senses): a Latin word no
   * article holds is read as its first synonym an article holds, weighed
   * `scoring.synonym`. Default none.
   */
  thesaurus?: Thesaurus;
  /** A workspace's synonym groups, on top of the seed list (first member canonical). */
  synonyms?: readonly (readonly string[])[];
  /** A workspace's other businesses, on top of the seed list (knowledge-other-businesses.ts). */
  otherBusinesses?: readonly string[];
  /** Seed other businesses a workspace takes off the list (its own kind of business). */
  ownBusinesses?: readonly string[];
  /** Scoring weights; the defaults are what bench/knowledge measured (for experiments, not settings). */
  scoring?: Partial<KnowledgeScoring>;
}

/** Candidates (by query coverage) that get the costlier phrasing coverage. */
const RERANK_POOL = 32;

/** The default question tokenizer (seed lexicon met through inflections too), made on first use. */
let DEFAULT_QUESTION_TOKENIZE: Tokenizer | undefined;

export class KnowledgeIndex {
  private readonly index = new KnowledgePostings();
  private readonly tokenize: Tokenizer;
  /** The question's tokenizer: the articles' one, and the lexicon's entries met through their inflections (`inflections`). */
  private readonly tokenizeQuestion: Tokenizer;
  private readonly scoring: KnowledgeScoring;
  private readonly lexicon: Lexicon;
  /** Each other business's words, each as its main terms (bigrams, a Latin word), as this index's tokenizer cuts it. */
  private readonly otherTerms = new Map<string, string[][]>();
  /** The main terms of the generic service words (DEFAULT_GENERIC_WORDS) as this index's tokenizer cuts them. */
  private generic?: ReadonlySet<string>;
  private readonly thesaurus?: Thesaurus;
  /** A synonym's term (a word no article may hold) → the term of the article's word it is a synonym of (learnSynonyms). */
  private readonly synonymOf = new Map<string, string>();
  /** The articles' words the thesaurus was asked about. */
  private readonly synonymsAsked = new Set<string>();

  constructor(articles: Iterable<KnowledgeArticle> = [], options: KnowledgeIndexOptions = {}) {
    this.scoring = { ...DEFAULT_KB_SCORING, ...options.scoring };
    this.thesaurus = options.thesaurus;
    const changed = options.synonyms?.length || options.otherBusinesses?.length || options.ownBusinesses?.length;
    const custom = options.segmenter || options.stemmer || changed || this.scoring.aspect !== ASPECT_WEIGHT || this.scoring.singleChar !== SINGLE_CHAR_WEIGHT;
    this.lexicon = changed ? Lexicon.withChanges(options) : DEFAULT_LEXICON;
    const tokenizerOptions = {
      segmenter: options.segmenter,
      stemmer: options.stemmer,
      lexicon: this.lexicon,
      aspectWeight: this.scoring.aspect,
      singleCharWeight: this.scoring.singleChar,
    };
    this.tokenize = custom ? createTokenizer(tokenizerOptions) : defaultTokenize;
    this.tokenizeQuestion = !this.scoring.inflections
      ? this.tokenize
      : custom
        ? createTokenizer({ ...tokenizerOptions, inflections: true })
        : (DEFAULT_QUESTION_TOKENIZE ??= createTokenizer({ inflections: true }));
    for (const article of articles) this.add(article);
  }

  get size(): number {
    return this.index.size;
  }

  has(articleId: string): boolean {
    return this.index.has(articleId);
  }

  get(articleId: string): KnowledgeArticle | undefined {
    return this.index.byId(articleId)?.article;
  }

  /** Throws CONFLICT when the id is already indexed: use `update` to replace. */
  add(article: KnowledgeArticle): void {
    if (this.index.has(article.id)) throw new DomainError('CONFLICT', `article ${article.id} is already indexed`);
    this.index.add(indexDocument(article, this.tokenize, this.scoring.answer));
    this.learnSynonyms(article);
  }

  /** Replaces the article with the same id, or adds it. */
  update(article: KnowledgeArticle): void {
    this.remove(article.id);
    this.add(article);
  }

  /** Returns whether the article was indexed. */
  remove(article: KnowledgeArticle | string): boolean {
    return this.index.remove(typeof article === 'string' ? article : article.id);
  }

  /** Best matches first (score descending, then article id); scores in 0..1, zero scores left out. */
  search(typed: string, options: { limit?: number } = {}): KnowledgeHit[] {
    const text = this.read(typed);
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
        if (this.scoring.genericClause && this.onlyGeneric(sentence)) return;
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

  /** The best article scoring at least `threshold`, or null (the bot then offers a person). */
  best(text: string, threshold = DEFAULT_KB_THRESHOLD): KnowledgeMatch | null {
    const [top] = this.search(text, { limit: 1 });
    if (!top || top.score < threshold) return null;
    return { ...top, article: this.get(top.articleId) as KnowledgeArticle };
  }

  /** Answer, clarify or fall back (knowledge-decision.ts). */
  decide(text: string, options: { threshold?: number; margin?: number; limit?: number } = {}): KnowledgeDecision {
    const hits = this.search(text, { limit: Math.max(2, options.limit ?? 3) });
    let words: string[][] | undefined;
    return decideAmong(hits, text, options.threshold ?? DEFAULT_KB_THRESHOLD, options.margin ?? DEFAULT_KB_MARGIN, {
      article: (id) => this.get(id) as KnowledgeArticle,
      script: (id) => this.index.byId(id)?.script ?? 'none',
      held: this.scoring.tieWords
        ? (id) => {
            const doc = this.index.byId(id);
            words ??= this.messageWords(text);
            return doc ? wordsMatched(doc, words) : 0;
          }
        : undefined,
      question: this.scoring.ownLanguage ? cjkScriptOf(text) : undefined,
    });
  }

  /**
   * The message as every clause of it is read: "fix" after "I typed the wrong
   * street" is a change, and in "I don't want a refund, I want it in blue" the
   * refund is not asked about (knowledge-senses.ts).
   */
  private read(typed: string): string {
    const sensed = this.scoring.senses ? withSenses(typed) : typed;
    return this.scoring.negation ? withoutNegated(sensed) : sensed;
  }

  /** A question's tokens as scored: light words and unknown goods dropped, typos and synonyms read. */
  private questionTokens(text: string): WeightedToken[] {
    return this.withSynonymsRead(this.withTyposRead(this.withoutUnknownGoods(this.withoutLightWords(this.tokenizeQuestion(text)))));
  }

  /** The whole message's words (as search reads it), generic service words left out: what neighbours are told apart by. */
  private messageWords(typed: string): string[][] {
    const text = this.read(typed);
    const generic = this.genericTerms();
    return queryWords(this.questionTokens(text), this.scoring.aspectIsWord).filter((terms) => !terms.every((t) => generic.has(t)));
  }

  /** Every pooled article's score for one text (unsorted); `script` is the whole message's. */
  private scoreText(text: string, script: string, poolSize: number): KnowledgeHit[] {
    const tokens = this.questionTokens(text);
    const terms = weightsOf(tokens);
    if (terms.size === 0) return [];
    const s = this.scoring;
    const credit = this.synonymCredit(tokens);
    const pool = this.index.queryCoverage(terms, poolSize, s.unknown, credit);
    const words = queryWords(tokens, s.aspectIsWord);
    // Aspects alone (使い方, how long) name no topic: nothing to answer.
    if (s.aspectsAlone && words.length > 0 && queryWords(tokens, false).length === 0) return [];
    const idf = s.phrasingIdf ? (term: string) => this.index.termIdf(term) : undefined;
    const query = { terms, words, script, idf, generic: this.genericTerms(), credit };
    const named = s.otherBusiness === 'off' ? [] : this.lexicon.otherBusinessesIn(lexiconText(text));
    const others = named.flatMap((entry) => this.otherBusinessWords(entry));
    // A compound (email account, car warranty) is held as written, not word by word (register's answer has "email" and "account").
    const compounds = s.otherCompounds ? named.filter((entry) => LATIN_COMPOUND.test(entry)) : [];
    const hits: KnowledgeHit[] = [];
    for (const found of pool) {
      const doc = this.index.bySlot(found.slot);
      // Another business's name (my flight, 郵局) the article does not hold: it is not the answer.
      if (others.length > 0 && !(this.answersOther(doc, words, others) && compounds.every((c) => namesCompound(doc, c)))) continue;
      hits.push({ articleId: doc.article.id, score: candidateScore(doc, found, query, s) });
    }
    return hits;
  }

  /** Whether a clause's words are all generic service words (order, 訂單): it names no topic alone. */
  private onlyGeneric(sentence: string): boolean {
    const generic = this.genericTerms();
    const words = queryWords(this.questionTokens(sentence), this.scoring.aspectIsWord);
    return words.length > 0 && words.every((terms) => terms.every((t) => generic.has(t)));
  }

  private genericTerms(): ReadonlySet<string> {
    this.generic ??= new Set(
      DEFAULT_GENERIC_WORDS.flatMap((w) =>
        this.tokenize(w)
          .filter((t) => t.weight >= WORD_WEIGHT)
          .map((t) => t.term),
      ),
    );
    return this.generic;
  }

  /**
   * Whether an article may answer a question naming other businesses: it holds
   * each of them, and (otherAlone) at least one of the question's other words,
   * so "what time does the post office close" is not answered by the returns
   * article whose answer says "drop the package at any post office".
   */
  private answersOther(doc: IndexedDocument, words: string[][], others: string[][]): boolean {
    const s = this.scoring;
    if (!others.every((word) => holdsWord(s.otherBusiness === 'topic' ? doc.topicTerms : doc.termFrequencies, word))) return false;
    if (!s.otherAlone || words.length <= others.length) return true;
    const otherTerms = new Set(others.flat());
    return words.some((terms) => !terms.every((t) => otherTerms.has(t)) && holdsWord(doc.termFrequencies, terms));
  }

  /**
   * The words of one other business the text names (flight, 郵局, スマホの
   * パスワード: knowledge-other-businesses.ts) as its main terms; an article
   * must hold every word of an entry (a password article holds パスワード,
   * not スマホ).
   */
  private otherBusinessWords(entry: string): string[][] {
    let words = this.otherTerms.get(entry);
    if (!words) {
      words = queryWords(this.tokenize(entry).filter((t) => t.weight >= WORD_WEIGHT));
      this.otherTerms.set(entry, words);
    }
    return words;
  }

  /**
   * One-character Chinese words that name no topic (去, 買, 太) leave the
   * question, not the articles: a question's light word is no word the
   * article lacks, while an article's phrasing keeps its own ("退款多久會退回").
   */
  private withoutLightWords(tokens: WeightedToken[]): WeightedToken[] {
    if (!this.scoring.lightWords || !tokens.some((t) => t.light)) return tokens;
    return tokens.filter((t) => !t.light);
  }

  /** Latin words no article holds read as the held word one edit away (knowledge-typos.ts), when `typos` is on. */
  private withTyposRead(tokens: WeightedToken[]): WeightedToken[] {
    if (!this.scoring.typos) return tokens;
    let read: WeightedToken[] | undefined;
    tokens.forEach((t, i) => {
      const known = t.goods ? undefined : this.index.typoOf(t.term);
      if (known) (read ??= [...tokens])[i] = { ...t, term: known };
    });
    return read ?? tokens;
  }

  /**
   * Latin words no article holds (even as a typo) read as the word an article
   * is about (held in a question, alternative or tag: "annual" is not read as
   * the "one-year" of a warranty answer) that they are a synonym of
   * (learnSynonyms; WordNet's common senses on the server),
   * earning `synonym` of an exact word's credit (synonymCredit) and still a
   * word for the lone-word rule: "when do your shops shut on Saturday" meets
   * the article about "store opening hours" through shop → store. A word an
   * article holds is never replaced, and goods are context.
   */
  private withSynonymsRead(tokens: WeightedToken[]): WeightedToken[] {
    if (this.synonymOf.size === 0) return tokens;
    let read: WeightedToken[] | undefined;
    tokens.forEach((t, i) => {
      if (t.surface === undefined || t.goods || this.index.holders(t.term)) return;
      const term = this.synonymOf.get(t.term);
      if (term && this.isTopicTerm(term)) (read ??= [...tokens])[i] = { ...t, term, synonym: true };
    });
    return read ?? tokens;
  }

  /**
   * The thesaurus is asked about the words an article is about (question,
   * alternatives, tags) when it is added, each word once per index, and each
   * one-word synonym that is a plain word (not goods, not a word the lexicon
   * makes a canonical form) is kept as a way to reach it: a question never
   * waits on the thesaurus. WordNet's synonymy under its senses rule goes
   * both ways, so "shut" (a customer's) is found as a synonym of "close" (an
   * article's). The first article's word to claim a synonym keeps it.
   */
  private learnSynonyms(article: KnowledgeArticle): void {
    const thesaurus = this.thesaurus;
    if (!thesaurus || this.scoring.synonym <= 0) return;
    for (const text of [article.question, ...(article.alternatives ?? []), ...(article.tags ?? [])]) {
      for (const held of this.tokenize(text)) {
        if (held.surface === undefined || held.goods || this.synonymsAsked.has(held.surface)) continue;
        this.synonymsAsked.add(held.surface);
        for (const synonym of thesaurus(held.surface)) {
          const main = this.tokenize(synonym).filter((t) => t.weight >= WORD_WEIGHT);
          if (main.length !== 1 || main[0].surface === undefined || main[0].goods || main[0].term === held.term) continue;
          if (!this.synonymOf.has(main[0].term)) this.synonymOf.set(main[0].term, held.term);
        }
      }
    }
  }

  /** Whether some article holds the term in its question, alternatives or tags (what it is about, not what its answer mentions). */
  private isTopicTerm(term: string): boolean {
    const holders = this.index.holders(term);
    if (!holders) return false;
    for (const slot of holders.keys()) if (this.index.bySlot(slot).topicTerms.has(term)) return true;
    return false;
  }

  /** The terms the query holds only through synonyms read, each earning `synonym` of its weight. */
  private synonymCredit(tokens: WeightedToken[]): Map<string, number> | undefined {
    if (!tokens.some((t) => t.synonym)) return undefined;
    const exact = new Set(tokens.filter((t) => !t.synonym).map((t) => t.term));
    const credit = new Map<string, number>();
    for (const t of tokens) if (t.synonym && !exact.has(t.term)) credit.set(t.term, this.scoring.synonym);
    return credit;
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
      for (const term of new Set(terms)) this.index.holders(term)?.forEach((_, slot) => held.set(slot, (held.get(slot) ?? 0) + 1));
      for (const count of held.values()) if (count * 2 > new Set(terms).size) named.add(word);
    }
    return tokens.filter((t) => !t.goods || named.has(t.word));
  }
}
