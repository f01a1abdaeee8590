import { describe, expect, it } from 'vitest';
import { evalArticles } from '../../../../bench/knowledge/eval-set.ts';
import { KnowledgeIndex, tokenize } from '../../src/bot/index.ts';

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
