import { describe, expect, it } from 'vitest';
import { evalArticles } from '../../../../bench/knowledge/eval-set.ts';
import { KnowledgeIndex, tokenize } from '../../src/bot/index.ts';
import { standardSpelling } from '../../src/bot/knowledge-spelling.ts';

const index = new KnowledgeIndex(evalArticles());
const answered = (text: string) => {
  const d = index.decide(text);
  return d.type === 'answer' ? d.match.articleId : d.type;
};
const terms = (text: string) => tokenize(text).map((t) => t.term);

describe('English as typed in chat (#17, seventh round)', () => {
  it.each([
    ['do u take amex', 'do you take amex'],
    ['wheres my package', "where's my package"],
    ['it doesnt fit and i cant log in', "it doesn't fit and i can't log in"],
    ['ur site says im locked out', "your site says i'm locked out"],
  ])('%s is read as %s', (typed, standard) => {
    expect(standardSpelling(typed)).toBe(standard);
    expect(terms(typed)).toEqual(terms(standard));
  });

  it('words that are also English words stay as typed (its, id, ill, were, well), and a chat spelling inside a word is left alone', () => {
    expect(standardSpelling('its id card was ill made, we were well served')).toBe('its id card was ill made, we were well served');
    expect(standardSpelling('menu urgent im2 dont-stop')).toBe("menu urgent im2 don't-stop");
  });

  it.each([
    ['do u take amex', 'payment-en'],
    ['wheres my package', 'track-order-en'],
    ["the jacket doesnt fit so I'd like to return it", 'returns-en'],
  ])('%s answers %s', (text, article) => {
    expect(answered(text)).toBe(article);
  });
});

describe('the seventh round’s lexicon (dev8 misses)', () => {
  it.each([
    ['優惠卷', '優惠券'],
    ['折價卷', '優惠券'],
    ['打電話', '聯絡'],
    ['寄過來', '配送'],
  ])('%s is the word %s', (typed, canonical) => {
    expect(terms(typed)).toEqual(terms(canonical));
  });

  it.each([
    ['my order arrived with a crack in it', 'damaged-en'],
    ['有客服可以打電話問嗎', 'contact-zh'],
    ['我的優惠卷用不了', 'coupon-zh'],
    ['我在新加坡 可以下單寄過來嗎', 'international-zh'],
  ])('%s answers %s', (text, article) => {
    expect(answered(text)).toBe(article);
  });
});
