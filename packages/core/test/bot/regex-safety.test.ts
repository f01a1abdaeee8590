import { describe, expect, it } from 'vitest';
import { MAX_REGEX_INPUT_LENGTH, compileSafeRegex, safeRegexTest, validateRegex } from '../../src/bot/index.ts';

describe('validateRegex', () => {
  it.each(['^order\\s*#?\\d+$', '(?:refund|退款)', '\\d{3}-\\d{4}', '(ab|cd)+', '.*a.*b', '(?<=x)y', '^(?:hi|hello)$'])(
    'accepts the safe pattern %s',
    (pattern) => {
      expect(validateRegex(pattern)).toBeNull();
    },
  );

  it.each([
    ['(a+)+$', /nested quantifiers/],
    ['(\\w+\\s?)*', /nested quantifiers/],
    ['(x+x+)+y', /nested quantifiers/],
    ['(a?){5}', /nested quantifiers/],
    ['(a|a)*', /alternation/],
    ['(a|ab)*', /alternation/],
    ['(\\d|x)+', /alternation/],
    ['(.)\\1', /backreferences/],
    ['(?<q>a)\\k<q>', /backreferences/],
    ['.*a.*b.*c', /unbounded or wide quantifiers/],
    ['a.{0,100}b.{0,100}c.{0,100}', /unbounded or wide quantifiers/],
    ['[', /invalid regular expression/],
    ['', /non-empty/],
    ['a'.repeat(501), /longer than 500/],
  ])('refuses %s', (pattern, reason) => {
    expect(validateRegex(pattern)).toMatch(reason);
  });

  it('throws VALIDATION_FAILED when compiling a refused pattern', () => {
    expect(() => compileSafeRegex('(a+)+$')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('runs only on a bounded prefix of the input', () => {
    const regex = compileSafeRegex('needle');
    expect(safeRegexTest(regex, `${'x'.repeat(MAX_REGEX_INPUT_LENGTH - 6)}needle`)).toBe(true);
    expect(safeRegexTest(regex, `${'x'.repeat(MAX_REGEX_INPUT_LENGTH)}needle`)).toBe(false);
  });

  it('keeps the worst accepted pattern fast on the longest input', () => {
    const regex = compileSafeRegex('.*a.*b');
    const started = performance.now();
    safeRegexTest(regex, 'a'.repeat(10_000));
    expect(performance.now() - started).toBeLessThan(500);
  });
});
