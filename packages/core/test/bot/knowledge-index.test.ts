import { describe, expect, it } from 'vitest';
import { DEFAULT_KB_THRESHOLD, KnowledgeIndex, SAMPLE_FAQ_ARTICLES, stem, tokenize, type KnowledgeArticle } from '../../src/bot/index.ts';

const article = (id: string, question: string, answer = 'See the help centre.', extra: Partial<KnowledgeArticle> = {}) => ({
  id,
  question,
  answer,
  ...extra,
});

const faq = () =>
  new KnowledgeIndex([
    ...SAMPLE_FAQ_ARTICLES,
    article('ja-password', 'パスワードを忘れた場合', 'ログイン画面の「パスワードをお忘れの方」から再設定できます。'),
    article('ja-shipping', '配送にはどのくらいかかりますか', '通常2〜3営業日でお届けします。'),
  ]);

describe('KnowledgeIndex', () => {
  it.each([
    ['我要查詢訂單狀態', 'faq-order-status-zh'],
    ['パスワードを忘れました', 'ja-password'],
    ['how do i reset my password', 'faq-reset-password-en'],
    ['我想退貨', 'faq-returns-zh'],
    ['Where is my package?', 'faq-order-status-en'], // a tracking question (issue #17); it went to shipping before
    ['ﾊﾟｽﾜｰﾄﾞを忘れた', 'ja-password'],
  ])('answers %s with %s above the default threshold', (query, expected) => {
    const best = faq().best(query);
    expect(best?.articleId).toBe(expected);
    expect(best!.score).toBeGreaterThanOrEqual(DEFAULT_KB_THRESHOLD);
    expect(best!.score).toBeLessThanOrEqual(1);
  });

  it.each(['weather tomorrow', '明天會下雨嗎', '天氣如何', 'hello'])('keeps the unrelated %s below the threshold', (query) => {
    expect(faq().best(query)).toBeNull();
    expect(faq().search(query).every((hit) => hit.score < DEFAULT_KB_THRESHOLD)).toBe(true);
  });

  it('ranks hits by score then id and honours the limit', () => {
    const hits = faq().search('訂單', { limit: 2 });
    expect(hits).toHaveLength(2);
    expect(hits[0].articleId).toBe('faq-order-status-zh');
    expect(hits[0].score).toBeGreaterThanOrEqual(hits[1].score);
  });

  it('prefers the article whose question the query covers', () => {
    const index = new KnowledgeIndex([
      article('short', 'Reset password'),
      article('long', 'Reset the router password after a power outage in the warehouse'),
    ]);
    expect(index.search('reset password')[0].articleId).toBe('short');
  });

  it('matches alternatives and tags', () => {
    const index = new KnowledgeIndex([article('a', 'Opening hours', 'Nine to six.', { alternatives: ['When are you open?'] })]);
    expect(index.best('when are you open')?.articleId).toBe('a');
  });

  it('adds, updates and removes articles', () => {
    const index = new KnowledgeIndex([article('a', 'Refund policy')]);
    expect(() => index.add(article('a', 'Other'))).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    index.update(article('a', 'Gift cards'));
    expect(index.best('refund policy')).toBeNull();
    expect(index.best('gift cards')?.article.question).toBe('Gift cards');
    expect(index.remove('a')).toBe(true);
    expect(index.remove(article('a', 'x'))).toBe(false);
    expect(index.size).toBe(0);
    expect(index.search('gift cards')).toEqual([]);
    index.add(article('b', 'Gift cards'));
    expect(index.best('gift cards')?.articleId).toBe('b');
  });

  it('returns nothing for an empty query or index', () => {
    expect(new KnowledgeIndex().search('anything')).toEqual([]);
    expect(faq().search('？！')).toEqual([]);
  });
});

describe('tokenize', () => {
  it('splits CJK runs into bigrams and unigrams and Latin into stemmed words without stop words', () => {
    const terms = tokenize('訂單 status of my orders').map((t) => t.term);
    expect(terms).toEqual(['u:訂', 'b:訂單', 'u:單', 'w:track', 'w:order']); // status → track: a synonym (issue #17)
  });

  it('separates CJK from adjoining Latin letters', () => {
    expect(tokenize('SB訂單').map((t) => t.term)).toEqual(['w:sb', 'u:訂', 'b:訂單', 'u:單']);
  });

  it('stems lightly and consistently', () => {
    expect(['passwords', 'resetting', 'shipped', 'deliveries', 'addresses', 'status'].map(stem)).toEqual([
      'password',
      'reset',
      'ship',
      'delivery',
      'address',
      'status',
    ]);
  });
});
