import { KnowledgeIndex } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { clarifyReply } from '../src/bot/plan.ts';

/** The clarifying question (#17) on channels with and without quick replies; no server needed. */
const index = new KnowledgeIndex([
  { id: 'warranty', question: '商品的保固期限多久？', answer: '一年保固。' },
  { id: 'damaged', question: '收到的商品有損壞怎麼辦？', answer: '48 小時內回報。' },
]);
const options = (['warranty', 'damaged'] as const).map((id) => ({ articleId: id, score: 0.6, article: index.get(id)! }));

describe('clarifying question text', () => {
  it.each(['webchat', 'api', 'line', 'telegram', 'messenger', 'instagram', 'whatsapp', 'email'])('%s shows the two questions as quick replies only (each channel renders them)', (channelType) => {
    const plan = clarifyReply('壞掉可以免費修嗎', options, channelType);
    expect(plan).toMatchObject({
      type: 'reply',
      text: '請問您想問的是哪一個？',
      decision: { cause: 'kb_clarify', articleIds: ['warranty', 'damaged'], scores: [0.6, 0.6] },
      buttons: [
        { label: '商品的保固期限多久？', value: '商品的保固期限多久？' },
        { label: '收到的商品有損壞怎麼辦？', value: '收到的商品有損壞怎麼辦？' },
      ],
    });
  });

  it('a channel type that shows no quick replies gets the two questions in the text', () => {
    const plan = clarifyReply('壞掉可以免費修嗎', options, 'sms');
    expect(plan.type === 'reply' && plan.text).toBe('請問您想問的是哪一個？\n・商品的保固期限多久？\n・收到的商品有損壞怎麼辦？');
  });

  it('asks in the question’s language', () => {
    const text = (q: string) => {
      const plan = clarifyReply(q, options, 'webchat');
      return plan.type === 'reply' ? plan.text : undefined;
    };
    expect(text('保証で直せますか')).toBe('どちらのご質問でしょうか？');
    expect(text('broken, is it covered')).toBe('Which of these do you mean?');
  });
});
