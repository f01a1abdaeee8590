import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { foldWidth, normalizeText } from '../../src/bot/index.ts';

describe('normalizeText', () => {
  it('folds full-width ASCII and case', () => {
    expect(normalizeText('ＡＧＥＮＴ')).toBe('agent');
    expect(normalizeText('Ｏｒｄｅｒ １２３')).toBe('order 123');
  });

  it('folds half-width katakana, voiced marks included', () => {
    expect(normalizeText('ﾊﾟｽﾜｰﾄﾞ')).toBe('パスワード');
  });

  it('trims surrounding punctuation and whitespace, CJK punctuation included', () => {
    expect(normalizeText('  「人工」。 ')).toBe('人工');
    expect(normalizeText('agent!!!')).toBe('agent');
    expect(normalizeText('¿human?')).toBe('human');
    expect(normalizeText('　真人！')).toBe('真人');
  });

  it('keeps inner punctuation and collapses inner whitespace', () => {
    expect(normalizeText('C++   is  fun')).toBe('c++ is fun');
    expect(normalizeText('a, b')).toBe('a, b');
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (s) => normalizeText(normalizeText(s)) === normalizeText(s)));
  });
});

describe('foldWidth', () => {
  it('folds width but keeps case and inner punctuation', () => {
    expect(foldWidth(' ＳＢ－１２３ ')).toBe('SB-123');
  });
});
