import { describe, expect, it } from 'vitest';
import { evalArticles } from '../../../../bench/knowledge/eval-set.ts';
import { KnowledgeIndex, tokenize } from '../../src/bot/index.ts';

const articles = evalArticles();
const index = new KnowledgeIndex(articles);
const lightOff = new KnowledgeIndex(articles, { scoring: { lightWords: false } });
const answered = (i: KnowledgeIndex, text: string) => {
  const d = i.decide(text);
  return d.type === 'answer' ? d.match.articleId : d.type;
};
const terms = (text: string) => tokenize(text).map((t) => t.term);

describe('one-character Chinese words that name no topic (#17, seventh round)', () => {
  it('are marked light when the segmenter cuts them alone, in Chinese text only', () => {
    expect(
      tokenize('買兩件要付多少運費')
        .filter((t) => t.light)
        .map((t) => t.term),
    ).toEqual(['u:買']);
    // Japanese: a lone kanji is often the word itself.
    expect(tokenize('買ったものを返品したい').some((t) => t.light)).toBe(false);
    // Inside a longer word the character is not cut alone: 購買 keeps its bigram.
    expect(terms('購買證明')).toContain('b:購買');
  });

  it.each([
    ['買兩件要付多少運費', 'shipping-fee-zh'],
    ['保固要去哪裡申請', 'warranty-zh'],
  ])('%s answers %s (fell back with them counted)', (text, article) => {
    expect(answered(index, text)).toBe(article);
    expect(answered(lightOff, text)).toBe('none');
  });

  it('leave the question, not the article: an article’s phrasing and terms are the same either way', () => {
    for (const a of articles) {
      const hits = index.search(a.question, { limit: 3 });
      expect(hits[0]?.articleId).toBe(lightOff.search(a.question, { limit: 3 })[0]?.articleId);
    }
  });
});

describe('the seventh round’s Chinese lexicon', () => {
  it.each([
    ['太長', '尺寸'],
    ['短一點', '尺寸'],
    ['拿到', '到貨'],
  ])('%s is the word %s', (typed, canonical) => {
    expect(terms(typed)).toEqual(terms(canonical));
  });

  it.each(['不舒服', '穿起來', '之後'])('%s names no topic (a filler)', (filler) => {
    expect(terms(filler)).toEqual([]);
  });

  it('a size complaint with the goods and story words around it is an exchange', () => {
    expect(answered(index, '褲子買太長了可以換短一點的嗎')).toBe('exchange-zh');
  });
});

describe('a lone generic service word (#17, seventh round)', () => {
  const plainLone = new KnowledgeIndex(articles, { scoring: { genericLone: 1 } });
  it('近くのおいしいお店 (a nice restaurant nearby) shares only お店 with the store-hours article: not answered', () => {
    expect(answered(plainLone, '近くのおいしいお店')).toBe('store-hours-ja');
    expect(answered(index, '近くのおいしいお店')).toBe('none');
  });

  it('a generic word beside the topic word still answers, and so does the generic word alone', () => {
    expect(answered(index, 'お店の営業時間')).toBe('store-hours-ja');
    expect(answered(index, 'how can i track my order')).toBe('track-order-en');
    const lone = index.search('order')[0];
    expect(lone?.score).toBeCloseTo(plainLone.search('order')[0]?.score ?? -1, 10);
  });
});
