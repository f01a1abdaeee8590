/**
 * The lexicon's phrase entries met through their words' inflections (#17's
 * eleventh round). The lexicon matches text as written, so the entry "send
 * something back" (a return) missed "sending something back", and "shipped
 * yet" (tracking) missed "dispatched yet". In a question, a run of words whose
 * keys are an entry's keys, word for word, is read as that entry: a word's key
 * is its stem (after a few irregular past forms: sent, came, got …) or, when
 * that stem is a one-word synonym entry's, the entry's canonical form
 * (dispatched → dispatch → ship, parcel → order). An entry's `*` stands for
 * one or two words of the customer's own (send * back: "sent the shoes back",
 * "give this purchase back"), none of which the lexicon knows as the start of
 * an entry, and is read as the entry without it (send back), which must be an
 * entry too. Questions only, like the one-word inflections (tokenize.ts):
 * articles are cut as written.
 */
import type { Stemmer } from './segmenter.ts';

/** Past forms no suffix rule undoes, for the verbs of the lexicon's phrases. */
const IRREGULAR: ReadonlyMap<string, string> = new Map(
  Object.entries({ sent: 'send', came: 'come', got: 'get', gotten: 'get', gave: 'give', given: 'give', took: 'take', taken: 'take', brought: 'bring', made: 'make', paid: 'pay' }),
);

const WORD = /[\p{Script=Latin}\p{N}]+(?:'[\p{Script=Latin}]+)?/gu;

/** Words a wildcard may take though entries start with them (the money, my money). */
const DETERMINERS: ReadonlySet<string> = new Set('the a an this that these those it them my your his her our their'.split(' '));

/** How many words' stems a reader keeps. */
const STEM_CACHE = 5000;

/** A wildcard's words at most. */
const GAP = 2;

interface Phrase {
  /** What the run is read as: the entry, without its wildcard. */
  text: string;
  /** The entry's words' keys; null is the wildcard. */
  keys: (string | null)[];
}

export type PhraseReader = (text: string) => string;

/**
 * A reader for normalised text: each run of words that meets a phrase entry
 * through its keys (longest entry first, left to right, words one space apart)
 * is replaced by the entry as written; other text is left as it is.
 * `canonicalOf`: a stem's one-word synonym entry's canonical form, if any.
 */
export function phraseReader(phrases: readonly string[], stemmer: Stemmer, canonicalOf: (stem: string) => string | undefined): PhraseReader {
  // Stems of the words questions use, kept (and dropped when many) so a question does not stem each word anew.
  const stemmed = new Map<string, string>();
  const stemOf = (word: string) => {
    let stem = stemmed.get(word);
    if (stem === undefined) {
      stem = word.includes("'") || /\d/u.test(word) ? word : stemmer(IRREGULAR.get(word) ?? word);
      if (stemmed.size >= STEM_CACHE) stemmed.clear();
      stemmed.set(word, stem);
    }
    return stem;
  };
  const key = (word: string) => {
    const stem = stemOf(word);
    return canonicalOf(stem) ?? stem;
  };
  const byFirst = new Map<string, Phrase[]>();
  for (const entry of phrases) {
    // A wildcard's entry keeps its words' own stems: "swap * for" must not meet "exchange rate for" (swap and exchange are one canonical).
    const wild = entry.includes(' * ');
    const keys = entry.split(' ').map((w) => (w === '*' ? null : wild ? `=${stemOf(w)}` : key(w)));
    const first = keys[0];
    if (keys.length < 2 || first === null || keys.some((k) => k !== null && !/^=?[\p{L}\p{N}']+$/u.test(k))) continue;
    const list = byFirst.get(first) ?? [];
    list.push({ text: entry.replace(/ \*(?= )/gu, ''), keys });
    byFirst.set(first, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.keys.length - a.keys.length);
  // A wildcard takes the customer's own words, not the start of another entry ("send the money back" keeps "the money").
  return (text) => {
    const words = [...text.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    if (words.length < 2) return text;
    const bare = words.map((w) => stemOf(text.slice(w.start, w.end)));
    const keys = bare.map((stem) => canonicalOf(stem) ?? stem);
    const stems = bare.map((stem) => `=${stem}`);
    const keyAt = (k: number, want: string) => (want.startsWith('=') ? stems[k] : keys[k]);
    // A wildcard takes the customer's own words, not the start of another entry ("send the money back" keeps "the money").
    const free = (k: number) => DETERMINERS.has(keys[k]) || (!byFirst.has(keys[k]) && !byFirst.has(stems[k]));
    const spaced = (k: number) => text.slice(words[k - 1].end, words[k].start) === ' ';
    /** The index after the run the phrase meets from word `at`, or -1. */
    const end = (phrase: Phrase, at: number): number => {
      let i = at + 1;
      for (const want of phrase.keys.slice(1)) {
        if (want !== null) {
          if (i >= words.length || keyAt(i, want) !== want || !spaced(i)) return -1;
          i++;
          continue;
        }
        let taken = 0;
        while (taken < GAP && i + taken < words.length && free(i + taken) && spaced(i + taken)) taken++;
        // The wildcard's words end where the next key is met (the shortest run that meets it).
        const next = phrase.keys[phrase.keys.indexOf(null) + 1];
        let gap = 1;
        while (gap <= taken && (i + gap >= words.length || keyAt(i + gap, next ?? '') !== next)) gap++;
        if (gap > taken) return -1;
        i += gap;
      }
      return i;
    };
    let out = '';
    let copied = 0;
    for (let i = 0; i < words.length; ) {
      let to = -1;
      const candidates = [...(byFirst.get(keys[i]) ?? []), ...(byFirst.get(stems[i]) ?? [])].sort((a, b) => b.keys.length - a.keys.length);
      const phrase = candidates.find((p) => (to = end(p, i)) >= 0);
      if (!phrase) {
        i++;
        continue;
      }
      out += text.slice(copied, words[i].start) + phrase.text;
      copied = words[to - 1].end;
      i = to;
    }
    return copied === 0 ? text : out + text.slice(copied);
  };
}
