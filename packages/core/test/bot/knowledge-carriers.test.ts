import { describe, expect, it } from 'vitest';
import { evalArticles } from '../../../../bench/knowledge/eval-set.ts';
import { CARRIERS_CARDS_AND_RENT, KnowledgeIndex } from '../../src/bot/index.ts';

const decided = (index: KnowledgeIndex, text: string) => {
  const d = index.decide(text);
  return d.type === 'answer' ? d.match.articleId : d.type;
};

describe('carriers, transit cards, the invoice lottery, tax refunds and rent are other services (#17, ninth round)', () => {
  const index = new KnowledgeIndex(evalArticles());
  const without = new KnowledgeIndex(evalArticles(), { ownBusinesses: CARRIERS_CARDS_AND_RENT });

  it.each([
    ['How do I track a USPS package?', 'track-order-en'],
    ['How much does FedEx charge to ship a box?', 'shipping-fee-en'],
    ['When will I get my tax refund?', 'refund-en'],
    ['統一發票要怎麼對獎', 'invoice-zh'],
  ])('%s falls back (answered %s without the list)', (text, before) => {
    expect(decided(index, text)).toBe('none');
    expect(decided(without, text)).toBe(before);
  });

  it('still answers our own questions that share their words', () => {
    expect(decided(index, 'How can I track my order?')).toBe('track-order-en');
    expect(decided(index, 'Can I have a tax invoice for what I bought?')).toBe('invoice-en');
    expect(decided(index, '可以開立公司發票（統一編號）嗎？')).toBe('invoice-zh');
  });

  it('lets an article that names the carrier answer it', () => {
    const shop = new KnowledgeIndex([
      ...evalArticles(),
      { id: 'carrier', question: 'Which carrier do you use?', answer: 'We ship every order with UPS Ground.' },
    ]);
    expect(decided(shop, 'do you ship with ups')).toBe('carrier');
  });
});
