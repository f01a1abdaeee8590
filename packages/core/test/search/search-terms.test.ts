import { describe, expect, it } from 'vitest';
import { documentTerms, MAX_DOCUMENT_TERMS, queryTerms, toTsQuery } from '../../src/search/search-terms.ts';

describe('message search terms', () => {
  it('indexes Chinese as characters and bigrams, so a phrase inside a sentence is found', () => {
    const doc = documentTerms('我的訂單還沒到，運費怎麼算？');
    const query = queryTerms('運費怎麼').map((t) => t.term);
    expect(query).toEqual(['運費', '費怎', '怎麼']);
    for (const t of query) expect(doc).toContain(t);
    expect(queryTerms('貨')).toEqual([{ term: '貨', prefix: false }]);
    expect(documentTerms('退貨')).toEqual(['退', '退貨', '貨']);
  });

  it('handles Japanese kana and kanji runs alike, and folds full-width Latin', () => {
    const doc = documentTerms('注文をキャンセルしたい ＯＲＤＥＲ１２３');
    for (const t of queryTerms('キャンセル')) expect(doc).toContain(t.term);
    expect(doc).toContain('order123');
  });

  it('keeps English words whole, lower-cased, with the last query word as a prefix', () => {
    expect(documentTerms('My Order has NOT arrived!')).toEqual(['my', 'order', 'has', 'not', 'arrived']);
    expect(queryTerms('order refu')).toEqual([
      { term: 'order', prefix: false },
      { term: 'refu', prefix: true },
    ]);
    expect(toTsQuery(queryTerms('order refu'))).toBe("'order' & 'refu':*");
  });

  it('gives nothing to search for punctuation alone, and never lets a quote into the query', () => {
    expect(queryTerms('?!… ')).toEqual([]);
    expect(toTsQuery(queryTerms("o'brien"))).toBe("'o' & 'brien':*");
  });

  it('caps the terms of a huge message', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${i}`).join(' ');
    expect(documentTerms(words)).toHaveLength(MAX_DOCUMENT_TERMS);
  });
});
