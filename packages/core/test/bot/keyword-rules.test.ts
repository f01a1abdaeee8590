import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  SAMPLE_KEYWORD_RULES,
  compileKeywordRules,
  normalizeText,
  validateKeywordRules,
  type KeywordRule,
} from '../../src/bot/index.ts';
import { RecordingPatterns, patterns } from '../support/patterns.ts';

const rule = (id: string, match: KeywordRule['match'], pattern: string): KeywordRule => ({ id, match, pattern, reply: id });

describe('compileKeywordRules', () => {
  it('matches exact rules on the whole normalised message', () => {
    const matcher = compileKeywordRules([rule('hours', 'exact', 'Opening hours')], patterns);
    expect(matcher.match('ＯＰＥＮＩＮＧ　ＨＯＵＲＳ？')?.id).toBe('hours');
    expect(matcher.match('opening hours please')).toBeNull();
  });

  it('matches contains rules anywhere in the message, CJK included', () => {
    const matcher = compileKeywordRules([rule('invoice', 'contains', '發票'), rule('refund', 'contains', 'Refund')], patterns);
    expect(matcher.match('我想問發票的問題')?.id).toBe('invoice');
    expect(matcher.match('Where is my REFUND?')?.id).toBe('refund');
    expect(matcher.match('ﾘﾌｧﾝﾄﾞ')).toBeNull();
  });

  it('matches half-width katakana against a full-width pattern', () => {
    const matcher = compileKeywordRules([rule('pw', 'contains', 'パスワード')], patterns);
    expect(matcher.match('ﾊﾟｽﾜｰﾄﾞを忘れた')?.id).toBe('pw');
  });

  it('matches regex rules against the normalised text, case-insensitively', () => {
    const matcher = compileKeywordRules([rule('order', 'regex', '^order\\s*#?\\d{4,}$')], patterns);
    expect(matcher.match('ＯＲＤＥＲ #12345')?.id).toBe('order');
    expect(matcher.match('order abc')).toBeNull();
  });

  it('compiles and runs regex rules on the injected linear-time engine, the audit pattern included (issue #11)', () => {
    const hostile = `${'a{0,30}'.repeat(4)}$`; // 3.6 s per message on a backtracking engine
    const engine = new RecordingPatterns();
    const matcher = compileKeywordRules([rule('c', 'contains', 'zzz'), rule('audit', 'regex', hostile)], engine);
    expect(engine.compiled).toEqual([hostile]);
    expect(matcher.match(`${'a'.repeat(199)}!`)?.id).toBe('audit');
    expect(engine.tests).toBe(1);
  });

  it('returns the first matching rule in rule order, whatever the match type', () => {
    const rules = [rule('r1', 'regex', 'ship'), rule('c2', 'contains', 'shipping'), rule('e3', 'exact', 'shipping')];
    expect(compileKeywordRules(rules, patterns).match('shipping')?.id).toBe('r1');
    expect(compileKeywordRules(rules.slice(1), patterns).match('shipping')?.id).toBe('c2');
    expect(compileKeywordRules([rules[2], rules[1]], patterns).match('shipping')?.id).toBe('e3');
  });

  it('agrees with a naive scan in rule order', () => {
    const word = fc.constantFrom('ab', 'b', 'abc', 'ca', '訂單', '單', 'x');
    const rules = fc.array(fc.tuple(fc.constantFrom('exact' as const, 'contains' as const), word), { maxLength: 12 });
    const message = fc.array(word, { maxLength: 5 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(rules, message, (pairs, text) => {
        const list = pairs.map(([match, pattern], i) => rule(`r${i}`, match, pattern));
        const normalized = normalizeText(text);
        const naive = list.find((r) =>
          r.match === 'exact' ? normalized === normalizeText(r.pattern) : normalized.includes(normalizeText(r.pattern)),
        );
        expect(compileKeywordRules(list, patterns).match(text)?.id).toBe(naive?.id);
      }),
    );
  });

  it('refuses lookaround and backreference regexes, empty patterns and rules without a reply or action', () => {
    const errors = validateKeywordRules([
      rule('bad', 'regex', 'a(?=b)'),
      rule('empty', 'contains', ' ！ '),
      { id: 'mute', match: 'exact', pattern: 'x' },
      rule('bad', 'exact', 'dup'),
    ], patterns);
    expect(errors.map((e) => e.ruleId)).toEqual(['bad', 'empty', 'mute', 'bad']);
    expect(errors[0].message).toMatch(/lookahead .* not supported/);
    expect(() => compileKeywordRules([rule('bad', 'regex', '(.)\\1')], patterns)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('compiles the sample rules with their actions', () => {
    const matcher = compileKeywordRules(SAMPLE_KEYWORD_RULES, patterns);
    expect(matcher.match('Ｈｉ！')?.id).toBe('kw-greeting');
    expect(matcher.match('查訂單')?.action).toEqual({ type: 'start_script', scriptId: 'order-status' });
    expect(matcher.match('請幫我轉真人客服')?.action).toEqual({ type: 'handoff' });
    expect(matcher.match('BYE')?.action).toEqual({ type: 'close' });
  });

  it('stays fast at 1,000 rules', () => {
    const rules = Array.from({ length: 1000 }, (_, i) =>
      rule(`r${i}`, (['exact', 'contains', 'regex'] as const)[i % 3], i % 3 === 2 ? `^code${i}-\\d+$` : `keyword${i}`),
    );
    const matcher = compileKeywordRules(rules, patterns);
    expect(matcher.match('I have a question about keyword997 today')?.id).toBe('r997');
    expect(matcher.match('code998-17')?.id).toBe('r998');
  });
});
