import { describe, expect, it } from 'vitest';
import { linkify } from '../src/linkify.ts';

const links = (text: string) => linkify(text).filter((p) => p.href);

describe('linkify', () => {
  it('links http and https addresses and keeps the rest as text, in order', () => {
    expect(linkify('Track it: https://example.com/t?id=42 or http://shop.example/a')).toEqual([
      { text: 'Track it: ' },
      { text: 'https://example.com/t?id=42', href: 'https://example.com/t?id=42' },
      { text: ' or ' },
      { text: 'http://shop.example/a', href: 'http://shop.example/a' },
    ]);
  });

  it('never links other schemes, bare hosts or markup', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'www.example.com', 'ftp://example.com/f', '<a href="https://x.example">x</a>']) {
      expect(links(text).map((p) => p.href)).toEqual(text.startsWith('<a') ? ['https://x.example/'] : []);
    }
    expect(links('see https://x.example/"onmouseover="alert(1)')[0].href).toBe('https://x.example/');
  });

  it('leaves sentence punctuation, Latin and CJK, outside the link', () => {
    expect(links('Go to https://example.com/help.')[0].text).toBe('https://example.com/help');
    expect(links('詳しくは https://example.jp/faq。')[0].text).toBe('https://example.jp/faq');
    expect(links('（https://example.tw/a）')[0].text).toBe('https://example.tw/a');
    expect(linkify('Go to https://example.com/help.').at(-1)).toEqual({ text: '.' });
  });

  it('returns plain text untouched and nothing for nothing', () => {
    expect(linkify('no links here')).toEqual([{ text: 'no links here' }]);
    expect(linkify('')).toEqual([]);
  });
});
