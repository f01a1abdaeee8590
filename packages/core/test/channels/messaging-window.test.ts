import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { allowsFreeText, HUMAN_AGENT_WINDOW_MS, messagingWindow, STANDARD_WINDOW_MS } from '../../src/index.ts';

const T = Date.UTC(2026, 11, 1, 9);

describe('messaging windows (#14)', () => {
  test('WhatsApp: free text for 24 hours after the customer wrote, then templates only', () => {
    expect(messagingWindow('whatsapp', T, T + STANDARD_WINDOW_MS - 1)).toEqual({ state: 'open', freeTextUntil: T + STANDARD_WINDOW_MS, humanAgentUntil: null });
    expect(messagingWindow('whatsapp', T, T + STANDARD_WINDOW_MS).state).toBe('template_only');
    expect(messagingWindow('whatsapp', null, T).state).toBe('template_only');
  });

  test('Messenger and Instagram: 24 hours, then HUMAN_AGENT for people only until 7 days, then closed', () => {
    for (const type of ['messenger', 'instagram']) {
      expect(messagingWindow(type, T, T + 1).state).toBe('open');
      const tagged = messagingWindow(type, T, T + STANDARD_WINDOW_MS);
      expect(tagged).toEqual({ state: 'human_agent', freeTextUntil: T + STANDARD_WINDOW_MS, humanAgentUntil: T + HUMAN_AGENT_WINDOW_MS });
      expect(allowsFreeText(tagged, 'agent')).toBe(true);
      expect(allowsFreeText(tagged, 'bot')).toBe(false);
      expect(messagingWindow(type, T, T + HUMAN_AGENT_WINDOW_MS).state).toBe('closed');
    }
  });

  test('other channels have no window', () => {
    for (const type of ['line', 'telegram', 'email', 'webchat', 'api']) expect(messagingWindow(type, null, T)).toEqual({ state: 'open', freeTextUntil: null, humanAgentUntil: null });
  });

  test('a window only ever narrows as time passes (never reopens without a customer message)', () => {
    const rank = { open: 0, human_agent: 1, template_only: 2, closed: 2 } as const;
    fc.assert(
      fc.property(fc.constantFrom('whatsapp', 'messenger', 'instagram'), fc.integer({ min: 0, max: 10 * HUMAN_AGENT_WINDOW_MS }), fc.integer({ min: 0, max: HUMAN_AGENT_WINDOW_MS }), (type, a, b) => {
        const early = messagingWindow(type, T, T + a);
        const late = messagingWindow(type, T, T + a + b);
        expect(rank[late.state]).toBeGreaterThanOrEqual(rank[early.state]);
        // A newer customer message never makes the window narrower.
        expect(rank[messagingWindow(type, T + b, T + a + b).state]).toBeLessThanOrEqual(rank[late.state]);
      }),
    );
  });
});
