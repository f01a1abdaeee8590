/**
 * Tokens for the knowledge base. Normalised text goes through the lexicon
 * (fillers dropped, synonyms made canonical), then CJK runs through a
 * segmenter (a port; default: script-class runs) and each CJK word becomes its
 * character bigrams (the main signal: 訂單, 狀態) plus unigrams at a lower
 * weight; a one-character word (退, 修, 届) is a unigram at full weight.
 * Latin-script runs become words, minus stop words, lightly stemmed so
 * "passwords"/"password" and "resetting"/"reset" meet.
 */
import { DEFAULT_LEXICON, type Lexicon } from './knowledge-lexicon.ts';
import { CHINESE_LIGHT_WORDS } from './knowledge-word-lists.ts';
import { phraseReader } from './knowledge-phrases.ts';
import { normalizeText } from './normalize.ts';
import { standardSpelling } from './knowledge-spelling.ts';
import { scriptSegmenter, type Segmenter, type Stemmer } from './segmenter.ts';

export interface WeightedToken {
  term: string;
  weight: number;
  /** Which word of the text the token comes from (0, 1, …): a CJK word's bigrams and unigrams share one. */
  word: number;
  /** A main term (bigram, one-character word, Latin word) of an aspect (how long, 多久), weighed ASPECT_WEIGHT. */
  aspect?: true;
  /** From one of the goods (耳機, mug): the index drops it from a question when no article names it. */
  goods?: true;
  /** A one-character Chinese word that names no topic (去, 買, 太: CHINESE_LIGHT_WORDS): the index drops it from a question. */
  light?: true;
  /** A Latin word as typed (before stemming; not a canonical synonym): what the thesaurus is asked about. */
  surface?: string;
  /** A word no article holds, read as a held synonym (the thesaurus): it earns `scoring.synonym` of its weight where held. */
  synonym?: true;
}

export type Tokenizer = (text: string) => WeightedToken[];

export const UNIGRAM_WEIGHT = 0.4;
export const BIGRAM_WEIGHT = 1;
export const WORD_WEIGHT = 1;
/**
 * What an aspect's terms (how long, 多久) weigh against a topic word's 1; below
 * WORD_WEIGHT, so they are not words for the lone-word rule either.
 */
export const ASPECT_WEIGHT = 0.5;
/**
 * What a one-character CJK word the segmenter cut (買, 去, 太, 想, 後) weighs.
 * 1: measured at 0.3–0.7 on the dev splits in #17's fourth round (below
 * WORD_WEIGHT they stop counting for the lone-word rule), each answered more
 * off-topic questions (14.4 → 17–19 %) than it won paraphrases (+0.6 points).
 */
export const SINGLE_CHAR_WEIGHT = 1;

const CJK = String.raw`[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc\u3005]`;
const WORD_CHAR = String.raw`(?:(?!${CJK})[\p{L}\p{N}])`;
const RUNS = new RegExp(String.raw`(${CJK}+)|(${WORD_CHAR}+(?:['’]${WORD_CHAR}+)?)`, 'gu');

// Words that say nothing about which article is meant. Short on purpose: a
// word such as "not" stays. Contractions (can't, haven't, i'd) are lexicon
// fillers instead: they name no topic, and as a word no article holds they
// made "I can't log in" fall back (#17, third round).
const STOP_WORDS = new Set(
  (
    'a an the and or of to in on at for with by from about as is are was were be been being am do does did ' +
    'i me my we our you your he she it its they them their this that these those there here what which who ' +
    'whom how why when where can could would should will shall may might must have has had please hi hello ' +
    'want need like get just some any so if then than too very also into out up'
  ).split(' '),
);

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const LIGHT_WORDS: ReadonlySet<string> = new Set(CHINESE_LIGHT_WORDS);

// "2 days", "1+1": small numbers are quantities, not what an article is about.
const SMALL_NUMBER = /^\d{1,2}$/u;

export function createTokenizer(
  options: {
    segmenter?: Segmenter;
    lexicon?: Lexicon;
    stemmer?: Stemmer;
    aspectWeight?: number;
    singleCharWeight?: number;
    /** One-character Chinese words that name no topic, marked `light` (default CHINESE_LIGHT_WORDS). */
    lightWords?: ReadonlySet<string>;
    /** A Latin word whose stem is a one-word synonym entry's becomes that entry's canonical form (inflectionsOf; default false: questions only). */
    inflections?: boolean;
  } = {},
): Tokenizer {
  const segmenter = options.segmenter ?? scriptSegmenter;
  const lexicon = options.lexicon ?? DEFAULT_LEXICON;
  const stemmer = options.stemmer ?? stem;
  const aspectWeight = options.aspectWeight ?? ASPECT_WEIGHT;
  const singleCharWeight = options.singleCharWeight ?? SINGLE_CHAR_WEIGHT;
  const lightWords = options.lightWords ?? LIGHT_WORDS;
  const inflections = options.inflections ? inflectionsOf(lexicon, stemmer) : undefined;
  const inflectionOf = (word: string) => {
    if (!inflections || STOP_WORDS.has(word) || /\d/u.test(word)) return undefined;
    return inflections.get(stemmer(word.replace(/['’]s$/u, '')));
  };
  // The lexicon's phrases met through their words' inflections (knowledge-phrases.ts), with the one-word entries.
  // Entries the spelling pass rewrites ("wheres my") are never met as written, and not through inflections either.
  const written = lexicon.latinPhrases().filter((p) => lexiconText(p) === p);
  const phrases = inflections ? phraseReader(written, stemmer, (s) => inflections.get(s)) : undefined;
  return (text) => {
    const tokens: WeightedToken[] = [];
    const read = phrases ? phrases(lexiconText(text)) : lexiconText(text);
    const chinese = !KANA.test(read);
    for (const piece of lexicon.pieces(read)) {
      const from = tokens.length;
      // A canonical synonym is one word, also when it is a phrase (how long, 3 in 1).
      const canonicalWord = piece.canonical ? nextWord(tokens) : undefined;
      const wordOf = () => canonicalWord ?? nextWord(tokens);
      for (const m of piece.text.matchAll(RUNS)) {
        if (m[1] !== undefined) {
          for (const word of piece.canonical ? [m[1]] : segmenter.segment(m[1])) {
            pushCjkWord(word, tokens, wordOf(), piece.canonical ? WORD_WEIGHT : singleCharWeight);
            if (!piece.canonical && chinese && lightWords.has(word)) tokens[tokens.length - 1].light = true;
          }
        } else {
          const canonical = piece.canonical ? undefined : inflectionOf(m[2]);
          if (canonical === undefined) pushWord(m[2], tokens, piece.canonical, wordOf(), stemmer);
          else pushCanonical(canonical, tokens, wordOf(), stemmer);
        }
      }
      if (piece.goods) for (let i = from; i < tokens.length; i++) tokens[i].goods = true;
      if (piece.aspect && aspectWeight !== 1) {
        for (let i = from; i < tokens.length; i++) {
          if (tokens[i].weight >= WORD_WEIGHT) tokens[i].aspect = true;
          tokens[i].weight *= aspectWeight;
        }
      }
    }
    return tokens;
  };
}

/**
 * What the lexicon reads: normalised text, ’ as ' (phones type smart
 * punctuation: "doesn’t" must meet the filler "doesn't"), chat spellings
 * standard (knowledge-spelling.ts: "doesnt", "u").
 */
export function lexiconText(text: string): string {
  return standardSpelling(normalizeText(text).replace(/’/gu, "'"));
}

/**
 * The lexicon's one-word Latin synonym entries by stem (#17's ninth round):
 * the lexicon matches words as written, so "dispatch" → ship missed
 * "dispatched", "reimburse" → refund missed "reimbursed". A word the lexicon
 * did not match whose stem is an entry's becomes the entry's canonical form.
 * A stem two groups share (different canonical forms) is left alone. Only
 * for questions (the index's question tokenizer): an article's "covering" is
 * not made the warranty word "covered", which raised that article for any
 * question naming a warranty (a car's).
 */
function inflectionsOf(lexicon: Lexicon, stemmer: Stemmer): Map<string, string> {
  const byStem = new Map<string, string | null>();
  for (const [entry, canonical] of lexicon.latinWords()) {
    for (const key of new Set(inflectedForms(entry).map(stemmer))) {
      const known = byStem.get(key);
      byStem.set(key, known === undefined || known === canonical ? canonical : null);
    }
  }
  const inflections = new Map<string, string>();
  for (const [key, canonical] of byStem) if (canonical !== null) inflections.set(key, canonical);
  return inflections;
}

/**
 * The regular inflections of an English word, as keys for any stemmer (core's
 * light stripper stems "reimbursed" to reimburs but "reimburse" to itself).
 */
function inflectedForms(word: string): string[] {
  const stem = word.endsWith('e') ? word.slice(0, -1) : word;
  const last = word[word.length - 1];
  return [word, `${word}s`, `${word}es`, `${stem}ed`, `${stem}ing`, `${word}${last}ed`, `${word}${last}ing`];
}

/** A canonical form standing for a word the lexicon met through its stem: one word, as a lexicon piece would be. */
function pushCanonical(canonical: string, tokens: WeightedToken[], word: number, stemmer: Stemmer): void {
  for (const m of canonical.matchAll(RUNS)) {
    if (m[1] !== undefined) pushCjkWord(m[1], tokens, word, WORD_WEIGHT);
    else pushWord(m[2], tokens, true, word, stemmer);
  }
}

/** The default tokenizer: seed lexicon, script-class segmenter. */
export const tokenize: Tokenizer = createTokenizer();

const nextWord = (tokens: WeightedToken[]) => (tokens.length === 0 ? 0 : tokens[tokens.length - 1].word + 1);

function pushCjkWord(text: string, tokens: WeightedToken[], word: number, singleCharWeight: number): void {
  const chars = Array.from(text);
  if (chars.length === 1) {
    tokens.push({ term: `u:${chars[0]}`, weight: singleCharWeight, word });
    return;
  }
  for (let i = 0; i < chars.length; i++) {
    tokens.push({ term: `u:${chars[i]}`, weight: UNIGRAM_WEIGHT, word });
    if (i + 1 < chars.length) tokens.push({ term: `b:${chars[i]}${chars[i + 1]}`, weight: BIGRAM_WEIGHT, word });
  }
}

function pushWord(text: string, tokens: WeightedToken[], canonical: boolean, word: number, stemmer: Stemmer): void {
  const plain = text.replace(/['’]s$/u, '');
  if (!canonical && (STOP_WORDS.has(plain) || SMALL_NUMBER.test(plain))) return;
  const term = `w:${/\d/u.test(plain) ? plain : stemmer(plain)}`;
  tokens.push(canonical ? { term, weight: WORD_WEIGHT, word } : { term, weight: WORD_WEIGHT, word, surface: plain });
}

/** A light suffix stripper, not Porter: the same rules run on articles and queries, so consistency matters more than linguistics. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/u.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5) return undouble(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4) return undouble(word.slice(0, -2));
  if (word.endsWith('es') && /(?:ch|sh|x|z)es$/u.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(?:ss|us|is)$/u.test(word)) return word.slice(0, -1);
  return word;
}

function undouble(word: string): string {
  return /([b-df-hj-np-tv-z])\1$/u.test(word) ? word.slice(0, -1) : word;
}
