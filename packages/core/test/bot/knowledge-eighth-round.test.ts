import { describe, expect, it } from 'vitest';
import { evalArticles } from '../../../../bench/knowledge/eval-set.ts';
import { KnowledgeIndex, SOCIAL_ACCOUNTS_AND_AGENCIES, tokenize } from '../../src/bot/index.ts';

const index = new KnowledgeIndex(evalArticles());
const answered = (text: string) => {
  const d = index.decide(text);
  return d.type === 'answer' ? d.match.articleId : d.type;
};
const terms = (text: string) => tokenize(text).map((t) => t.term);

describe('neighbouring topics in English and Japanese (#17, eighth round)', () => {
  it.each([
    ['it still hasn’t come', 'track'],
    ['まだ届きません', '追跡'],
    ['代金はいつ戻', '返金'],
    ['which ways can i pay', 'payment'],
    ['stop my order', 'cancel'],
    ['it came', 'it arrived'],
  ])('%s is the word of %s', (typed, canonical) => {
    expect(terms(typed)).toEqual(terms(canonical));
  });

  it.each([
    ['If I order today, when would it get here?', 'delivery-time-en'],
    ['Which ways can I pay for my order?', 'payment-en'],
    ['I placed an order by mistake an hour ago. Can you stop it before it ships?', 'cancel-en'],
    ['I ordered last week and it still hasn’t come, where is it now?', 'track-order-en'],
    ['The box came crushed and the glass inside is broken.', 'damaged-en'],
    ['先週注文した商品がまだ届きません。今どこにありますか？', 'track-order-ja'],
  ])('%s answers %s', (text, article) => {
    expect(answered(text)).toBe(article);
  });
});

describe('social accounts, tax agencies and car shipping are other services (#17, eighth round)', () => {
  const without = new KnowledgeIndex(evalArticles(), { ownBusinesses: SOCIAL_ACCOUNTS_AND_AGENCIES });
  it.each([
    ['How do I create an Instagram account?', 'register-en'],
    ['What payment methods does the IRS accept for taxes?', 'payment-en'],
    ['How much does it cost to ship a car overseas?', 'international-en'],
  ])('%s falls back (it answered %s without the list)', (text, before) => {
    expect(answered(text)).toBe('none');
    const d = without.decide(text);
    expect(d.type === 'answer' && d.match.articleId).toBe(before);
  });

  it.each(['can I contact you on instagram', 'my instagram order never arrived', 'the car charger I ordered is broken'])(
    '%s names no other service: scored as without the list',
    (text) => {
      expect(index.search(text)).toEqual(without.search(text));
    },
  );
});

describe('the money coming back, and a device finding itself (#17, eighth round, M36)', () => {
  it('the money is the refund', () => {
    expect(terms('the money')).toEqual(terms('refund'));
    expect(answered('How long until the money shows up on my card after a return?')).toBe('refund-en');
  });

  it('can you track my steps falls back', () => {
    expect(answered('can you track my steps')).toBe('none');
  });

  it('a phone bought from us is still tracked', () => {
    expect(answered('where is my phone case order')).toBe('track-order-en');
  });
});
