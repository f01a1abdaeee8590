import { describe, expect, it } from 'vitest';
import { KnowledgeIndex, type KnowledgeArticle, type Thesaurus } from '../../src/bot/index.ts';

const articles: KnowledgeArticle[] = [
  { id: 'hours', question: 'When does the store close?', answer: 'Our stores are open 10am to 8pm.' },
  { id: 'returns', question: 'How do I return an item?', answer: 'Start a return within 30 days.' },
  { id: 'warranty', question: 'What does the warranty cover?', answer: 'A one-year warranty covers defects.' },
];

/** A port fake: a few synonym lists, and the words it was asked about. */
function fakeThesaurus(lists: Record<string, string[]>): Thesaurus & { asked: string[] } {
  const asked: string[] = [];
  const thesaurus = (word: string) => {
    asked.push(word);
    return lists[word] ?? [];
  };
  return Object.assign(thesaurus, { asked });
}

const scoreOf = (index: KnowledgeIndex, text: string, id: string) => index.search(text, { limit: 5 }).find((h) => h.articleId === id)?.score ?? 0;

describe('an English word no article holds, read as a held synonym (#17, ninth round)', () => {
  const lists = { shut: ['close'], shop: ['store'], annual: ['one-year'], return: ['close'], boutique: ['fashion store'] };

  it('answers in words the articles do not use', () => {
    const plain = new KnowledgeIndex(articles);
    const read = new KnowledgeIndex(articles, { thesaurus: fakeThesaurus(lists) });
    expect(plain.decide('when does the shop shut').type).toBe('none');
    const d = read.decide('when does the shop shut');
    expect(d.type === 'answer' && d.match.articleId).toBe('hours');
  });

  it('weighs a synonym below the exact word', () => {
    const index = new KnowledgeIndex(articles, { thesaurus: fakeThesaurus(lists) });
    const exact = scoreOf(index, 'when does the store close', 'hours');
    const synonym = scoreOf(index, 'when does the store shut', 'hours');
    expect(synonym).toBeGreaterThan(0.5);
    expect(synonym).toBeLessThan(exact);
    // The share a synonym earns is a scoring weight: at 1 it scores as the exact word.
    const full = new KnowledgeIndex(articles, { thesaurus: fakeThesaurus(lists), scoring: { synonym: 1 } });
    expect(scoreOf(full, 'when does the store shut', 'hours')).toBeCloseTo(exact, 10);
  });

  it('never replaces a word an article holds, and asks the thesaurus only about the others', () => {
    const thesaurus = fakeThesaurus(lists);
    const index = new KnowledgeIndex(articles, { thesaurus });
    const plain = new KnowledgeIndex(articles);
    expect(index.search('how do i return it')).toEqual(plain.search('how do i return it'));
    expect(thesaurus.asked).not.toContain('return');
  });

  it('reads a word only into a word some article is about, not one its answer mentions', () => {
    const index = new KnowledgeIndex(articles, { thesaurus: fakeThesaurus(lists) });
    const plain = new KnowledgeIndex(articles);
    // "one-year" is in the warranty answer only: the annual fee is not read as it.
    expect(index.search('annual fee')).toEqual(plain.search('annual fee'));
  });

  it('takes only one-word synonyms', () => {
    const index = new KnowledgeIndex(articles, { thesaurus: fakeThesaurus(lists) });
    expect(index.search('boutique hours')).toEqual(new KnowledgeIndex(articles).search('boutique hours'));
  });

  it('changes nothing without a thesaurus or with the weight at 0', () => {
    const off = new KnowledgeIndex(articles, { thesaurus: fakeThesaurus(lists), scoring: { synonym: 0 } });
    expect(off.search('when does the shop shut')).toEqual(new KnowledgeIndex(articles).search('when does the shop shut'));
  });
});
