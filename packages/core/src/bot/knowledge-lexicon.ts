/**
 * Applies the filler list and synonym groups to normalised text in one
 * left-to-right pass, longest entry first: a filler is dropped (and ends the
 * piece, so no CJK bigram spans it), a synonym becomes its group's canonical
 * form as a piece of its own. Articles and questions go through the same pass,
 * so "寄送費用多少" and "運費怎麼計算" both hold 運費.
 */
import { DEFAULT_SYNONYMS } from './knowledge-lexicon-data.ts';
import { DEFAULT_ASPECTS, DEFAULT_FILLERS, DEFAULT_GOODS } from './knowledge-word-lists.ts';
import { DEFAULT_OTHER_BUSINESSES } from './knowledge-other-businesses.ts';

export interface LexiconPiece {
  text: string;
  /** A canonical synonym: emitted as one word, not segmented further. */
  canonical: boolean;
  /** A canonical form that asks about an aspect (how long, 多久): weighed less, not a topic word. */
  aspect?: boolean;
  /** One of the goods (耳機, mug): dropped from a question when no article names it. */
  goods?: boolean;
}

/** What a workspace changes in the seed lists (bot settings). */
export interface LexiconChanges {
  /** Synonym groups added after the seed's (first member canonical). */
  synonyms?: readonly (readonly string[])[];
  /** Other businesses added to the seed list (DEFAULT_OTHER_BUSINESSES). */
  otherBusinesses?: readonly string[];
  /** Seed other businesses this workspace does not treat as other (its own business). */
  ownBusinesses?: readonly string[];
}

interface Entry {
  text: string;
  /** null: a filler, dropped. */
  replacement: string | null;
  /** Latin entries match whole words only ("fee" not inside "coffee"). */
  wordBounded: boolean;
  /**
   * A one-character Han filler (的, 了, 在, 要): a particle in Chinese, but part
   * of words in Japanese (完了, 在庫, 必要), so skipped in text with kana.
   */
  chineseOnly: boolean;
  goods: boolean;
}

type EntryKind = 'plain' | 'goods' | 'other';
type Entries = Map<string, Entry[]>;

const WORD_CHAR = /[\p{Script=Latin}\p{N}]/u;
const LATIN_START = /^[\p{Script=Latin}\p{N}]/u;
const SINGLE_HAN = /^\p{Script=Han}$/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const ONE_LATIN_WORD = /^\p{Script=Latin}+$/u;

export class Lexicon {
  private readonly byFirst: Entries = new Map();
  /** Other businesses, matched apart: they mark a question without changing its pieces. */
  private readonly others: Entries = new Map();
  private readonly aspects: ReadonlySet<string>;

  /** `synonyms` groups are added after the defaults; a later group wins a shared member. */
  constructor(
    options: {
      fillers?: readonly string[];
      synonyms?: readonly (readonly string[])[];
      aspects?: readonly string[];
      goods?: readonly string[];
      otherBusinesses?: readonly string[];
    } = {},
  ) {
    this.aspects = new Set((options.aspects ?? DEFAULT_ASPECTS).map(normalizeEntry));
    for (const filler of options.fillers ?? DEFAULT_FILLERS) this.put(filler, null);
    for (const good of options.goods ?? DEFAULT_GOODS) this.put(good, normalizeEntry(good), 'goods');
    for (const other of options.otherBusinesses ?? DEFAULT_OTHER_BUSINESSES) this.put(other, normalizeEntry(other), 'other');
    for (const group of options.synonyms ?? DEFAULT_SYNONYMS) this.putGroup(group);
  }

  /**
   * The one-word Latin synonym entries (not fillers, goods or aspects) with
   * their canonical forms, for meeting their inflections (tokenize.ts):
   * "dispatched" is the entry "dispatch" as the stemmer sees it.
   */
  latinWords(): [entry: string, canonical: string][] {
    const words: [string, string][] = [];
    for (const entries of this.byFirst.values()) {
      for (const e of entries) {
        if (e.replacement === null || e.goods || !e.wordBounded || !ONE_LATIN_WORD.test(e.text) || this.aspects.has(e.replacement)) continue;
        words.push([e.text, e.replacement]);
      }
    }
    return words;
  }

  /**
   * The Latin entries of two or more words (synonyms and fillers, not goods),
   * for meeting them through their words' inflections (knowledge-phrases.ts):
   * "sending something back" is the entry "send something back".
   */
  latinPhrases(): string[] {
    const phrases: string[] = [];
    for (const entries of this.byFirst.values()) {
      for (const e of entries) if (!e.goods && e.wordBounded && e.text.includes(' ')) phrases.push(e.text);
    }
    return phrases;
  }

  /** A copy with a workspace's changes on top of the seed lists. */
  static withChanges(changes: LexiconChanges): Lexicon {
    const own = new Set((changes.ownBusinesses ?? []).map(normalizeEntry));
    const others = [...DEFAULT_OTHER_BUSINESSES, ...(changes.otherBusinesses ?? [])].filter((o) => !own.has(normalizeEntry(o)));
    return new Lexicon({ synonyms: [...DEFAULT_SYNONYMS, ...(changes.synonyms ?? [])], otherBusinesses: others });
  }

  /** A copy with more synonym groups (a workspace's own list on top of the seed). */
  static withSynonyms(extra: readonly (readonly string[])[]): Lexicon {
    return Lexicon.withChanges({ synonyms: extra });
  }

  pieces(text: string): LexiconPiece[] {
    const japanese = KANA.test(text);
    const pieces: LexiconPiece[] = [];
    let start = 0;
    let i = 0;
    while (i < text.length) {
      const entry = this.entryAt(text, i, japanese);
      if (!entry) {
        i++;
        continue;
      }
      if (i > start) pieces.push({ text: text.slice(start, i), canonical: false });
      if (entry.replacement !== null)
        pieces.push({ text: entry.replacement, canonical: true, aspect: this.aspects.has(entry.replacement), goods: entry.goods });
      i += entry.text.length;
      start = i;
    }
    if (start < text.length) pieces.push({ text: text.slice(start), canonical: false });
    return pieces;
  }

  /**
   * The other businesses (flight, 郵局) a normalised text names, longest first,
   * left to right; the text's pieces are not changed by them, so articles
   * and questions are cut exactly as without the list.
   */
  otherBusinessesIn(text: string): string[] {
    const japanese = KANA.test(text);
    const found: string[] = [];
    for (let i = 0; i < text.length;) {
      const other = this.entryAt(text, i, japanese, this.others);
      // A longer entry of the lexicon wins: a bank holiday is no bank.
      const plain = this.entryAt(text, i, japanese);
      if (other && !(plain && plain.text.length > other.text.length)) {
        found.push(other.text);
        i += other.text.length;
      } else i += plain ? plain.text.length : 1;
    }
    return found;
  }

  private entryAt(text: string, at: number, japanese: boolean, entries: Entries = this.byFirst): Entry | undefined {
    const candidates = entries.get(text[at]);
    if (!candidates) return undefined;
    for (const entry of candidates) {
      if (!text.startsWith(entry.text, at) || (japanese && entry.chineseOnly)) continue;
      if (entry.wordBounded && !atWordEdges(text, at, at + entry.text.length)) continue;
      return entry;
    }
    return undefined;
  }

  private putGroup(group: readonly string[]): void {
    const canonical = normalizeEntry(group[0] ?? '');
    if (!canonical) return;
    for (const member of group) this.put(member, canonical);
  }

  private put(raw: string, replacement: string | null, kind: EntryKind = 'plain'): void {
    const text = normalizeEntry(raw);
    if (!text) return;
    const entries = kind === 'other' ? this.others : this.byFirst;
    const list = entries.get(text[0]) ?? [];
    const kept = list.filter((e) => e.text !== text);
    kept.push({
      text,
      replacement,
      wordBounded: LATIN_START.test(text),
      chineseOnly: replacement === null && SINGLE_HAN.test(text),
      goods: kind === 'goods',
    });
    kept.sort((a, b) => b.text.length - a.text.length);
    entries.set(text[0], kept);
  }
}

function normalizeEntry(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim().replace(/\s+/gu, ' ').replace(/’/gu, "'");
}

function atWordEdges(text: string, from: number, to: number): boolean {
  return !(from > 0 && WORD_CHAR.test(text[from - 1])) && !(to < text.length && WORD_CHAR.test(text[to]));
}

export const DEFAULT_LEXICON = new Lexicon();
