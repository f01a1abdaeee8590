import { describe, expect, it } from 'vitest';
import { DEFAULT_HANDOFF_KEYWORDS, isHandoffKeyword, isReturnToBotKeyword } from '../../src/bot/index.ts';

describe('handoff keywords', () => {
  it('defaults to agent, human, 人工 and 真人', () => {
    expect(DEFAULT_HANDOFF_KEYWORDS).toEqual(['agent', 'human', '人工', '真人']);
  });

  it.each(['agent', 'ＡＧＥＮＴ', 'Human!', '「人工」', ' 真人。'])('treats %s as a handoff', (text) => {
    expect(isHandoffKeyword(text)).toBe(true);
  });

  it('compares the whole message, not a word inside it', () => {
    expect(isHandoffKeyword('agent fees?')).toBe(false);
    expect(isHandoffKeyword('')).toBe(false);
  });

  it('uses the channel keywords when given', () => {
    expect(isHandoffKeyword('operator', ['operator'])).toBe(true);
    expect(isHandoffKeyword('agent', ['operator'])).toBe(false);
  });
});

describe('return-to-bot keywords', () => {
  it('has none by default', () => {
    expect(isReturnToBotKeyword('離開')).toBe(false);
  });

  it('matches configured keywords after normalisation', () => {
    expect(isReturnToBotKeyword('離開！', ['離開'])).toBe(true);
    expect(isReturnToBotKeyword('ＢＡＣＫ', ['back'])).toBe(true);
  });
});
