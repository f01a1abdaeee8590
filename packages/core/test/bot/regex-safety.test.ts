import { describe, expect, it } from 'vitest';
import { MAX_REGEX_INPUT_LENGTH, compileRegex, validateRegex, type PatternEngine, type PatternFlags } from '../../src/bot/index.ts';
import { RecordingPatterns, patterns } from '../support/patterns.ts';

/** Issue #11 finding 4: `a{0,30}` k times then `$` backtracks for seconds (k=4) to hours (k=6) on 199 "a" and "!". */
const audit = (k: number) => `${'a{0,30}'.repeat(k)}$`;
const HOSTILE_INPUT = `${'a'.repeat(199)}!`;

function compiled(pattern: string, engine: PatternEngine = patterns, flags?: PatternFlags) {
  const result = compileRegex(pattern, engine, flags);
  if (!result.ok) throw new Error(result.problem);
  return result.regex;
}

describe('validateRegex', () => {
  it.each(['^order\\s*#?\\d+$', '(?:refund|退款)', '\\d{3}-\\d{4}', '(ab|cd)+', '.*a.*b', '^(?:hi|hello)$', '(?<id>\\d+)', '\\u00e9', '[^]'])(
    'accepts the pattern %s',
    (pattern) => {
      expect(validateRegex(pattern, patterns)).toBeNull();
    },
  );

  // The backtracking-shape checks are gone: on a linear-time engine these cost no more than any other pattern.
  it.each(['(a+)+$', '(\\w+\\s?)*', '(a|ab)*', '.*a.*b.*c', audit(4), audit(6), audit(70)])('accepts %s, which the old shape checks refused or missed', (pattern) => {
    expect(validateRegex(pattern, patterns)).toBeNull();
  });

  it.each([
    ['(.)\\1', /backreferences .* not supported.*linear-time/],
    ['(?<q>a)\\k<q>', /backreferences/],
    ['a(?=b)', /lookahead .* not supported/],
    ['a(?!b)', /lookahead/],
    ['(?<=x)y', /lookbehind .* not supported/],
    ['(?<!x)y', /lookbehind/],
    ['\\p{Letter}', /RE2\) cannot compile this pattern: invalid character class range/],
    ['(?:a{0,1000}){1000}', /RE2\) cannot compile this pattern: expression too large/],
    ['[', /invalid regular expression/],
    ['', /non-empty/],
    ['a'.repeat(501), /longer than 500/],
  ])('refuses %s, naming the problem', (pattern, reason) => {
    expect(validateRegex(pattern, patterns)).toMatch(reason);
  });

  it('reads lookaround and backreference syntax only where it is syntax', () => {
    expect(validateRegex('[(?=]x', patterns)).toBeNull();
    expect(validateRegex('\\(?=', patterns)).toBeNull();
    expect(validateRegex('[\\]1]\\\\1', patterns)).toBeNull();
  });
});

describe('compileRegex', () => {
  it('compiles and matches every admin pattern on the injected linear-time engine', () => {
    const engine = new RecordingPatterns();
    const regex = compiled(audit(4), engine);
    expect(engine.compiled).toEqual([audit(4)]);
    expect(regex.test(HOSTILE_INPUT)).toBe(true);
    expect(engine.tests).toBe(1);
    expect(engine.guarantee).toBe('linear-time');
  });

  it('returns the problem for a refused pattern, without asking the engine', () => {
    const engine = new RecordingPatterns();
    expect(compileRegex('a(?=b)', engine)).toEqual({ ok: false, problem: expect.stringMatching(/lookahead/) });
    expect(engine.compiled).toEqual([]);
  });

  it('matches case-insensitively only when asked, CJK included', () => {
    expect(compiled('^refund 退款$', patterns, { ignoreCase: true }).test('REFUND 退款')).toBe(true);
    expect(compiled('^refund 退款$').test('REFUND 退款')).toBe(false);
    expect(compiled('\\p{Script=Han}{2}').test('我要退款')).toBe(true);
  });

  it('runs only on a bounded prefix of the input', () => {
    const regex = compiled('needle');
    expect(regex.test(`${'x'.repeat(MAX_REGEX_INPUT_LENGTH - 6)}needle`)).toBe(true);
    expect(regex.test(`${'x'.repeat(MAX_REGEX_INPUT_LENGTH)}needle`)).toBe(false);
  });
});
