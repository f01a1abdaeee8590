import { KnowledgeIndex } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { evalArticles } from '../../../bench/knowledge/eval-set.ts';
import { knowledgeSegmenter } from '../src/bot/segmenter.ts';
import { knowledgeStemmer } from '../src/bot/stemmer.ts';
import { knowledgeThesaurus, wordnetThesaurus } from '../src/bot/thesaurus.ts';

describe('the server thesaurus (WordNet’s common senses behind core’s Thesaurus port)', () => {
  const thesaurus = knowledgeThesaurus();

  it('gives a word form’s synonyms in its common senses, inflections included', () => {
    expect(thesaurus('shut')).toContain('close');
    expect(thesaurus('shops')).toContain('store');
    expect(thesaurus('guarantee')).toContain('warranty');
    expect(thesaurus('buying')).toContain('purchase');
  });

  it('leaves out rare senses: a synset counts only among the common senses of both words', () => {
    // "close" has senses shared with "shut" (its first) and with "near", "last"…; "shut" meets only the first.
    expect(thesaurus('shut')).not.toContain('near');
    // More senses, more synonyms: "switch" meets "swap" only in a later sense.
    expect(thesaurus('switch')).not.toContain('swap');
    expect(wordnetThesaurus({ senses: 2 })('switch')).toContain('swap');
  });

  it('knows nothing of words WordNet lacks, and of what is not a lower-case word', () => {
    expect(thesaurus('fedex')).toEqual([]);
    expect(thesaurus('Shut')).toEqual([]);
    expect(thesaurus('sb-123')).toEqual([]);
    expect(thesaurus('')).toEqual([]);
  });

  it('lets the evaluation articles answer a word they do not use', () => {
    const options = { segmenter: knowledgeSegmenter(), stemmer: knowledgeStemmer };
    const plain = new KnowledgeIndex(evalArticles(), options).decide('When do your shops shut on Saturday?');
    const read = new KnowledgeIndex(evalArticles(), { ...options, thesaurus }).decide('When do your shops shut on Saturday?');
    expect(plain.type).toBe('none');
    expect(read.type === 'answer' && read.match.articleId).toBe('store-hours-en');
  });
});
