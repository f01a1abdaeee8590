import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsatReply } from '../../src/agent-tools/csat-reply.ts';
import { promptsOf, renderPlaceholders } from '../../src/agent-tools/placeholders.ts';

describe('satisfaction replies', () => {
  it('reads a lone digit 1–5, half- or full-width, as the rating', () => {
    expect(parseCsatReply('5', 'strict')).toEqual({ rating: 5, comment: null });
    expect(parseCsatReply(' ５ ', 'strict')).toEqual({ rating: 5, comment: null });
    expect(parseCsatReply('１', 'strict')).toEqual({ rating: 1, comment: null });
    for (const no of ['0', '6', '55', '5.0', 'five', '', 'hi']) expect(parseCsatReply(no, 'strict')).toBeNull();
  });

  it('treats "5 stars!!!" as the workspace configures: strict opens a new conversation, lenient rates and keeps the words', () => {
    expect(parseCsatReply('5 stars!!!', 'strict')).toBeNull();
    expect(parseCsatReply('5 stars!!!', 'lenient')).toEqual({ rating: 5, comment: '5 stars!!!' });
    expect(parseCsatReply('４分，很滿意', 'lenient')).toEqual({ rating: 4, comment: '4分,很滿意' });
    expect(parseCsatReply('★★★', 'lenient')).toEqual({ rating: 3, comment: null });
    expect(parseCsatReply('3 2 1', 'lenient')).toBeNull();
    expect(parseCsatReply('10 out of 10', 'lenient')).toBeNull();
  });

  it('reads a mail reply by its first line, the rest as the comment', () => {
    expect(parseCsatReply('\n4\nQuick and kind.\n', 'strict', true)).toEqual({ rating: 4, comment: 'Quick and kind.' });
    expect(parseCsatReply('Hello, one more question', 'strict', true)).toBeNull();
  });

  it('never answers a rating outside 1–5, whatever the text', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('strict' as const, 'lenient' as const), fc.boolean(), (text, mode, mail) => {
        const r = parseCsatReply(text, mode, mail);
        return r === null || (Number.isInteger(r.rating) && r.rating >= 1 && r.rating <= 5);
      }),
    );
  });
});

describe('canned-response placeholders', () => {
  const values = { contact: { name: '王小明', plan: 'gold' }, agent: { name: 'Mei' } };

  it('fills contact, agent and attribute placeholders, and leaves unknown ones empty', () => {
    expect(renderPlaceholders('Hi {{contact.name}}, {{agent.name}} here ({{ contact.plan }}){{contact.nope}}.', values)).toEqual({
      text: 'Hi 王小明, Mei here (gold).',
      missing: [],
    });
  });

  it('asks for each {{?prompt}} once and fills the answers', () => {
    const text = 'Your order {{?Order number}} ships {{?Date}}. Again: {{?Order number}}';
    expect(promptsOf(text)).toEqual(['Order number', 'Date']);
    expect(renderPlaceholders(text, values).missing).toEqual(['Order number', 'Date']);
    expect(renderPlaceholders(text, { ...values, answers: { 'Order number': 'A-1', Date: 'today' } }).text).toBe('Your order A-1 ships today. Again: A-1');
  });

  it('leaves text without placeholders exactly as written', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('{{')),
        (s) => renderPlaceholders(s, values).text === s,
      ),
    );
  });
});
