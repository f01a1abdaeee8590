/**
 * Terms for message search. Chinese and Japanese have no spaces between
 * words, so a CJK run is indexed as its characters and character bigrams: a
 * query of any length then finds the messages holding all of its bigrams
 * (one character finds that character). Latin-script runs are words,
 * normalised (NFKC, lower case, full-width folded) but not stemmed: people
 * search for what they remember reading. The terms are stored as a tsvector
 * built from this list, so the database's own GIN index answers the query
 * and no locale or text-search parser of the database is involved.
 */

const CJK = String.raw`[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc\u3005]`;
const WORD = String.raw`[\p{L}\p{N}]`;
const RUNS = new RegExp(String.raw`(${CJK}+)|((?:(?!${CJK})${WORD})+)`, 'gu');

/** Longest Latin word kept (longer runs are ids or noise, cut to this many characters). */
export const MAX_WORD_LENGTH = 40;
/** A message's terms are capped: a 100 kB mail should not cost 100 k index entries. */
export const MAX_DOCUMENT_TERMS = 2_000;
/** A query's terms are capped too: more terms only narrow a search that already matches little. */
export const MAX_QUERY_TERMS = 32;

const normalize = (text: string) => text.normalize('NFKC').toLowerCase();

/** Distinct terms of a stored message, in first-seen order. */
export function documentTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const m of normalize(text).matchAll(RUNS)) {
    if (terms.size >= MAX_DOCUMENT_TERMS) break;
    if (m[1] !== undefined) {
      const chars = [...m[1]];
      chars.forEach((c, i) => {
        terms.add(c);
        if (i + 1 < chars.length) terms.add(c + chars[i + 1]);
      });
    } else terms.add(m[2].slice(0, MAX_WORD_LENGTH));
  }
  return [...terms].slice(0, MAX_DOCUMENT_TERMS);
}

export interface QueryTerm {
  term: string;
  /** The last word of a query matches as a prefix ("refu" finds "refund"), as people search while typing. */
  prefix: boolean;
}

/** What a search query must find, every term present; empty when the query has no letters or digits. */
export function queryTerms(query: string): QueryTerm[] {
  const out: QueryTerm[] = [];
  const seen = new Set<string>();
  const add = (term: string, prefix: boolean) => {
    if (seen.has(term) || out.length >= MAX_QUERY_TERMS) return;
    seen.add(term);
    out.push({ term, prefix });
  };
  const matches = [...normalize(query).matchAll(RUNS)];
  matches.forEach((m, index) => {
    if (m[1] !== undefined) {
      const chars = [...m[1]];
      if (chars.length === 1) add(chars[0], false);
      for (let i = 0; i + 1 < chars.length; i++) add(chars[i] + chars[i + 1], false);
    } else {
      const word = m[2].slice(0, MAX_WORD_LENGTH);
      add(word, index === matches.length - 1 && word.length >= 2 && word.length < MAX_WORD_LENGTH);
    }
  });
  return out;
}

/** A tsquery literal for the terms (quoted lexemes, ANDed); terms hold only letters and digits, so quoting is safe. */
export function toTsQuery(terms: QueryTerm[]): string {
  return terms.map((t) => `'${t.term}'${t.prefix ? ':*' : ''}`).join(' & ');
}
