/**
 * Words whose sense depends on what else the message says (#17's eleventh
 * round). "Fix" is the lexicon's repair word ("will you fix my speaker under
 * warranty"), but a customer who typed the wrong street and asks "can I fix
 * it" wants to change the address: in a message that names the customer's own
 * mistake (typed the wrong, a typo), "fix" reads as "change", in every clause
 * (the last clause, "can I fix it", is scored alone too). The mistake phrases
 * are the change word themselves in the lexicon, as 打錯 / 填錯 are in Chinese.
 */
import { lexiconText } from './tokenize.ts';
import { MISTAKES } from './knowledge-word-lists.ts';

export interface Sense {
  /** The word's forms as typed (whole words, any case). */
  words: readonly string[];
  /** What they read as when the message holds one of `when`. */
  as: string;
  /** Phrases of the normalised message (whole words) that select this sense. */
  when: readonly string[];
}

export const DEFAULT_SENSES: readonly Sense[] = [{ words: ['fix', 'fixes', 'fixed', 'fixing'], as: 'change', when: MISTAKES }];

const wordsPattern = (words: readonly string[]) => new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${words.join('|')})(?![\p{L}\p{N}])`, 'iu');
/** Each sense's patterns, made once per list of senses. */
const PATTERNS = new WeakMap<readonly Sense[], { words: RegExp; when: RegExp; as: string }[]>();

/** The message with each sense its context selects read in (the text unchanged when none is). */
export function withSenses(text: string, senses: readonly Sense[] = DEFAULT_SENSES): string {
  let patterns = PATTERNS.get(senses);
  if (!patterns) {
    patterns = senses.map((sense) => ({ words: wordsPattern(sense.words), when: wordsPattern(sense.when), as: sense.as }));
    PATTERNS.set(senses, patterns);
  }
  let read: string | undefined;
  let out = text;
  for (const sense of patterns) {
    if (!sense.words.test(out)) continue;
    read ??= lexiconText(text);
    if (sense.when.test(read)) out = out.replace(new RegExp(sense.words.source, 'giu'), sense.as);
  }
  return out;
}

/**
 * What the customer says they do not want (#17's eleventh round): "I don't
 * want a refund, I just want the same shirt in blue" asks for an exchange, so
 * the word after "don't want a", "instead of", "rather than" is not the
 * question's. English only; "not" alone stays ("not arrived" is tracking).
 */
const NEGATED = /(?<![\p{L}\p{N}])(?:don['’]?t want|do not want|instead of|rather than)(?: (?:a|an|the|my))? [\p{L}\p{N}]+/giu;

/** The message without the words it says it does not want (unchanged when it names none). */
export function withoutNegated(text: string): string {
  return text.replace(NEGATED, ' ');
}
