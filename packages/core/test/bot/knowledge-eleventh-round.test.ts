import { describe, expect, it } from 'vitest';
import { evalArticles } from '../../../../bench/knowledge/eval-set.ts';
import { KnowledgeIndex, tokenize } from '../../src/bot/index.ts';

const index = new KnowledgeIndex(evalArticles());
const answered = (text: string) => {
  const d = index.decide(text);
  return d.type === 'answer' ? d.match.articleId : d.type;
};
const terms = (text: string) => tokenize(text).map((t) => t.term);

describe('everyday English for arriving, sending and paying (#17, eleventh round)', () => {
  it.each([
    ['it turned up', 'it arrived'],
    ['when should i expect it', 'how long'],
    ['two weeks ago', ''],
    ['at checkout', ''],
    ['send orders', 'ship'],
  ])('%s reads as %s', (typed, canonical) => {
    expect(terms(typed)).toEqual(terms(canonical));
  });

  it.each([
    ['How soon will my stuff turn up?', 'delivery-time-en'],
    ['roughly when should I expect it to turn up if I order today', 'delivery-time-en'],
    ['can I check out with apple pay', 'payment-en'],
    ['can you send orders to australia', 'international-en'],
  ])('%s answers %s', (text, article) => {
    expect(answered(text)).toBe(article);
  });
});
