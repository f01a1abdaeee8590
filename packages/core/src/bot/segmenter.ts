/**
 * Word segmentation is a port: core has no dictionary, the server injects one
 * (jieba for Chinese; apps/server/src/bot/segmenter.ts). The default here
 * needs none and is deterministic, which is what core tests use.
 */
export interface Segmenter {
  /**
   * The words of one normalised CJK run (Han, kana, hangul; no spaces or
   * punctuation), in order. Words that carry no meaning (particles) may be
   * left out.
   */
  segment(run: string): string[];
}

/**
 * English word stemming is a port too: core's default is the light suffix
 * stripper in tokenize.ts (`stem`); the server injects Porter2
 * (apps/server/src/bot/stemmer.ts). Articles and questions use the same one.
 */
export type Stemmer = (word: string) => string;

/**
 * An English thesaurus is a port as well (issue #17's ninth round): core has
 * none, the server injects WordNet's common senses
 * (apps/server/src/bot/thesaurus.ts). Given a lower-case word form as the
 * customer typed it, its synonyms (words or phrases, most common sense first,
 * the word itself left out); [] when it knows none.
 */
export type Thesaurus = (word: string) => readonly string[];

const CLASS_RUN = /(\p{Script=Han}[\p{Script=Han}\u3005]*)|([\p{Script=Katakana}\u30fc]+)|(\p{Script=Hiragana}+)|(\p{Script=Hangul}+)/gu;

/**
 * Splits a run where the script changes: in Japanese a change from kanji or
 * katakana to hiragana is nearly always a word edge (注文|を|キャンセル), and
 * hiragana stretches are particles and inflections, so they are dropped.
 * Chinese runs are all Han and stay whole; the tokenizer's bigrams then do the
 * work a dictionary would.
 */
export const scriptSegmenter: Segmenter = {
  segment(run: string): string[] {
    const words: string[] = [];
    for (const m of run.matchAll(CLASS_RUN)) {
      if (m[3] === undefined) words.push(m[0]);
    }
    return words;
  },
};
