/**
 * The lexicon's phrase entries met through their words' inflections (#17's
 * eleventh round). The lexicon matches text as written, so the entry "send
 * something back" (a return) missed "sending something back", and "shipped
 * yet" (tracking) missed "dispatched yet". In a question, a run of words whose
 * keys are an entry's keys, word for word, is read as that entry: a word's key
 * is its stem (after a few irregular past forms: sent, came, got …) or, when
 * that stem is a one-word synonym entry's, the entry's canonical form
 * (dispatched → dispatch → ship, parcel → order). Questions only, like the
 * one-word inflections (tokenize.ts): articles are cut as written.
 */
import type { Stemmer } from './segmenter.ts';

/** Past forms no suffix rule undoes, for the verbs of the lexicon's phrases. */
const IRREGULAR: ReadonlyMap<string, string> = new Map(
  Object.entries({ sent: 'send', came: 'come', got: 'get', gotten: 'get', gave: 'give', given: 'give', took: 'take', taken: 'take', brought: 'bring', made: 'make', paid: 'pay' }),
);

const WORD = /[\p{Script=Latin}\p{N}]+(?:'[\p{Script=Latin}]+)?/gu;

interface Phrase {
  text: string;
  keys: string[];
}

export type PhraseReader = (text: string) => string;

/**
 * A reader for normalised text: each run of words that meets a phrase entry
 * through its keys (longest entry first, left to right, words one space apart)
 * is replaced by the entry as written; other text is left as it is.
 * `canonicalOf`: a stem's one-word synonym entry's canonical form, if any.
 */
export function phraseReader(phrases: readonly string[], stemmer: Stemmer, canonicalOf: (stem: string) => string | undefined): PhraseReader {
  const key = (word: string) => {
    if (word.includes("'") || /\d/u.test(word)) return word;
    const stem = stemmer(IRREGULAR.get(word) ?? word);
    return canonicalOf(stem) ?? stem;
  };
  const byFirst = new Map<string, Phrase[]>();
  for (const text of phrases) {
    const keys = [...text.matchAll(WORD)].map((m) => key(m[0]));
    if (keys.length < 2 || keys.join(' ') === '') continue;
    const list = byFirst.get(keys[0]) ?? [];
    list.push({ text, keys });
    byFirst.set(keys[0], list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.keys.length - a.keys.length);
  return (text) => {
    const words = [...text.matchAll(WORD)].map((m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
    if (words.length < 2) return text;
    const keys = words.map((w) => key(w.word));
    let out = '';
    let copied = 0;
    for (let i = 0; i < words.length; ) {
      const phrase = byFirst.get(keys[i])?.find((p) => meets(p, i));
      if (!phrase) {
        i++;
        continue;
      }
      const last = words[i + phrase.keys.length - 1];
      out += text.slice(copied, words[i].start) + phrase.text;
      copied = last.end;
      i += phrase.keys.length;
    }
    return copied === 0 ? text : out + text.slice(copied);

    function meets(phrase: Phrase, at: number): boolean {
      if (at + phrase.keys.length > words.length) return false;
      for (let k = 1; k < phrase.keys.length; k++) {
        if (keys[at + k] !== phrase.keys[k] || text.slice(words[at + k - 1].end, words[at + k].start) !== ' ') return false;
      }
      return true;
    }
  };
}
