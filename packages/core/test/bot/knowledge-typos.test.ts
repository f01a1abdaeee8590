import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evalArticles } from '../../../../bench/knowledge/eval-set.ts';
import { KnowledgeIndex } from '../../src/bot/index.ts';
import { TypoVocabulary, oneEditApart } from '../../src/bot/knowledge-typos.ts';

const articles = evalArticles();
const index = new KnowledgeIndex(articles);
const typosOff = new KnowledgeIndex(articles, { scoring: { typos: false } });
const answered = (i: KnowledgeIndex, text: string) => {
  const d = i.decide(text);
  return d.type === 'answer' ? d.match.articleId : d.type;
};

describe('one edit apart', () => {
  it.each([
    ['pasword', 'password', true],
    ['warrenti', 'warranti', true],
    ['adress', 'address', true],
    ['recieve', 'receive', true],
    ['password', 'password', false],
    ['pasword', 'passwords', false],
    ['abcd', 'badc', false],
  ])('%s / %s: %s', (a, b, expected) => {
    expect(oneEditApart(a, b)).toBe(expected);
    expect(oneEditApart(b, a)).toBe(expected);
  });

  it('agrees with the edit distance computed the long way', () => {
    const osa = (a: string, b: string) => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++) {
          d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      return d[a.length][b.length];
    };
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 6 });
    fc.assert(
      fc.property(word, word, (a, b) => oneEditApart(a, b) === (osa(a, b) === 1)),
      { numRuns: 2000 },
    );
  });
});

describe('typos in Latin words (#17, seventh round)', () => {
  it.each([
    ['how long is the warrenty', 'warranty-en'],
    ['pasword not working', 'password-en'],
    ['can i change my shiping adress', 'address-en'],
  ])('%s answers %s', (text, article) => {
    expect(answered(index, text)).toBe(article);
    expect(answered(typosOff, text)).not.toBe(article);
  });

  it('short stems and words with digits are left alone', () => {
    const vocabulary = new TypoVocabulary();
    for (const term of ['w:chang', 'w:order', 'w:sb10001', 'w:password']) vocabulary.add(term);
    const holders = () => 1;
    expect(vocabulary.nearest('w:charg', holders)).toBeUndefined();
    expect(vocabulary.nearest('w:sb10002', holders)).toBeUndefined();
    expect(vocabulary.nearest('w:pasword', holders)).toBe('w:password');
    expect(vocabulary.nearest('w:bassword', holders)).toBeUndefined(); // the first letter differs
  });

  it('the most widely held word wins, and a removed article’s words are no longer offered', () => {
    const i = new KnowledgeIndex([
      { id: 'a', question: 'simple question', answer: 'Yes.' },
      { id: 'b', question: 'sample kit', answer: 'Yes.' },
      { id: 'c', question: 'sample box', answer: 'Yes.' },
    ]);
    // sxmple is one edit from simple (1 article) and sample (2).
    expect(
      i
        .search('sxmple')
        .map((h) => h.articleId)
        .sort(),
    ).toEqual(['b', 'c']);
    i.remove('b');
    i.remove('c');
    expect(i.search('sxmple').map((h) => h.articleId)).toEqual(['a']);
    i.remove('a');
    expect(i.search('sxmple')).toEqual([]);
  });
});
