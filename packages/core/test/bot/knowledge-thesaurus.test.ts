import { describe, expect, it } from 'vitest';
import { evalArticles } from '../../../../bench/knowledge/eval-set.ts';
import { KnowledgeIndex, createTokenizer, tokenize, type KnowledgeArticle, type Thesaurus } from '../../src/bot/index.ts';

const articles: KnowledgeArticle[] = [
  { id: 'kettle', question: 'How do I clean the kettle?', answer: 'Descale it once a month with vinegar.' },
  { id: 'hours', question: 'When does the store close?', answer: 'Our stores are open 10am to 8pm.' },
  { id: 'returns', question: 'How do I return an item?', answer: 'Start a return within 30 days.' },
  { id: 'warranty', question: 'What does the warranty cover?', answer: 'A one-year warranty covers defects.' },
];

/** A port fake: synonym pairs (both ways, as WordNet's common senses are), and the words it was asked about. */
function fakeThesaurus(pairs: [string, string][]): Thesaurus & { asked: string[] } {
  const asked: string[] = [];
  const thesaurus = (word: string) => {
    asked.push(word);
    return pairs.flatMap(([a, b]) => (a === word ? [b] : b === word ? [a] : []));
  };
  return Object.assign(thesaurus, { asked });
}

const scoreOf = (index: KnowledgeIndex, text: string, id: string) => index.search(text, { limit: 5 }).find((h) => h.articleId === id)?.score ?? 0;

describe('an English word no article holds, read as a held synonym (#17, ninth round)', () => {
  const lists: [string, string][] = [
    ['cleanse', 'clean'],
    ['teakettle', 'kettle'],
    ['annual', 'one-year'],
    ['return', 'clean'],
    ['near', 'close'],
    ['kettle', 'hot water pot'],
  ];

  it('answers in words the articles do not use', () => {
    const plain = new KnowledgeIndex(articles);
    const read = new KnowledgeIndex(articles, { thesaurus: fakeThesaurus(lists) });
    expect(plain.decide('cleanse the teakettle').type).toBe('none');
    const d = read.decide('cleanse the teakettle');
    expect(d.type === 'answer' && d.match.articleId).toBe('kettle');
  });

  it('weighs a synonym below the exact word', () => {
    const index = new KnowledgeIndex(articles, { thesaurus: fakeThesaurus(lists) });
    const exact = scoreOf(index, 'clean the kettle', 'kettle');
    const synonym = scoreOf(index, 'cleanse the kettle', 'kettle');
    expect(synonym).toBeGreaterThan(0.5);
    expect(synonym).toBeLessThan(exact);
    // The share a synonym earns is a scoring weight: at 1 it scores as the exact word.
    const full = new KnowledgeIndex(articles, { thesaurus: fakeThesaurus(lists), scoring: { synonym: 1 } });
    expect(scoreOf(full, 'cleanse the kettle', 'kettle')).toBeCloseTo(exact, 10);
  });

  it('does not read a word into a canonical form of the lexicon (another sense: near is close, not closing time)', () => {
    const index = new KnowledgeIndex(articles, { thesaurus: fakeThesaurus(lists) });
    expect(index.search('store near me')).toEqual(new KnowledgeIndex(articles).search('store near me'));
  });

  it('never replaces a word an article holds', () => {
    const index = new KnowledgeIndex(articles, { thesaurus: fakeThesaurus(lists) });
    expect(index.search('how do i return it')).toEqual(new KnowledgeIndex(articles).search('how do i return it'));
  });

  it('asks the thesaurus about the words articles are about when they are added, never about a question', () => {
    const thesaurus = fakeThesaurus(lists);
    const index = new KnowledgeIndex(articles, { thesaurus });
    expect(thesaurus.asked).toEqual(expect.arrayContaining(['clean', 'kettle', 'cover'])); // plain words: return and warranty are canonical forms
    expect(thesaurus.asked).not.toContain('defects'); // an answer's word
    const asked = thesaurus.asked.length;
    index.search('cleanse the teakettle');
    expect(thesaurus.asked.length).toBe(asked);
    // An article added later brings its words' synonyms with it.
    index.add({ id: 'mug', question: 'Is the mug dishwasher safe?', answer: 'Yes.' });
    expect(thesaurus.asked).toContain('dishwasher');
  });

  it('reads a word only into a word some article is about, not one its answer mentions', () => {
    const index = new KnowledgeIndex(articles, { thesaurus: fakeThesaurus(lists) });
    const plain = new KnowledgeIndex(articles);
    // "one-year" is in the warranty answer only: the annual fee is not read as it.
    expect(index.search('annual fee')).toEqual(plain.search('annual fee'));
  });

  it('takes only one-word synonyms', () => {
    const index = new KnowledgeIndex(articles, { thesaurus: fakeThesaurus(lists) });
    expect(index.search('hot water pot')).toEqual(new KnowledgeIndex(articles).search('hot water pot'));
  });

  it('changes nothing without a thesaurus or with the weight at 0', () => {
    const off = new KnowledgeIndex(articles, { thesaurus: fakeThesaurus(lists), scoring: { synonym: 0 } });
    expect(off.search('cleanse the teakettle')).toEqual(new KnowledgeIndex(articles).search('cleanse the teakettle'));
  });
});

describe('a question’s word meets a lexicon entry through its inflections (#17, ninth round)', () => {
  const question = createTokenizer({ inflections: true });
  const terms = (tokens: { term: string }[]) => tokens.map((t) => t.term);

  it.each([
    ['reimbursed', 'refund'],
    ['dispatched', 'ship'],
    ['swapped', 'exchange'],
    ['guaranteed', 'warranty'],
  ])('%s is the word of %s', (typed, canonical) => {
    expect(terms(question(typed))).toEqual(terms(tokenize(canonical)));
    expect(terms(tokenize(typed))).not.toEqual(terms(tokenize(canonical)));
  });

  it('leaves articles as they are: an answer’s "covering" is not the warranty word "covered"', () => {
    expect(terms(question('covering'))).toEqual(terms(tokenize('warranty')));
    expect(terms(tokenize('covering'))).toEqual(['w:cover']);
  });

  it('answers a question the lexicon met only through an inflection, and can be turned off', () => {
    const on = new KnowledgeIndex(evalArticles()).decide('When will I be reimbursed for the item I sent back?');
    const off = new KnowledgeIndex(evalArticles(), { scoring: { inflections: false } }).decide('When will I be reimbursed for the item I sent back?');
    expect(on.type === 'answer' && on.match.articleId).toBe('refund-en');
    expect(off.type).toBe('none');
  });
});
