import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evalArticles } from '../../../../bench/knowledge/eval-set.ts';
import {
  DEFAULT_OTHER_BUSINESSES,
  DEFAULT_SYNONYMS,
  DEVICE_LOCKS,
  KnowledgeIndex,
  Lexicon,
  OTHER_SHOPS_AND_SERVICES,
  createTokenizer,
  tokenize,
} from '../../src/bot/index.ts';

const articles = evalArticles();
const index = new KnowledgeIndex(articles);
const withoutList = new KnowledgeIndex(articles, { ownBusinesses: DEFAULT_OTHER_BUSINESSES });
const answered = (i: KnowledgeIndex, text: string) => {
  const d = i.decide(text);
  return d.type === 'answer' ? d.match.articleId : d.type;
};

describe('the other businesses a question names (#17, sixth round)', () => {
  const lexicon = new Lexicon();
  it.each([
    ['cancel my flight', ['flight']],
    ['what time does the post office close', ['post office']],
    ['郵便局は何時まで', ['郵便局']],
    // A Latin entry ends where kana begin (before: の counted as a letter of the word).
    ['wi-fiのパスワード', ['wi-fi']],
    ['my phone bill is wrong', ['phone bill']],
    // A longer lexicon entry wins: a bank holiday is a public holiday.
    ['are you open on bank holidays', []],
    ['my refund went to the bank', ['bank']],
  ])('%s names %j', (text, names) => {
    expect(lexicon.otherBusinessesIn(text)).toEqual(names);
  });

  it('the list does not change how a text is cut: articles and questions get the tokens they had without it', () => {
    const without = createTokenizer({ lexicon: Lexicon.withChanges({ ownBusinesses: DEFAULT_OTHER_BUSINESSES }) });
    for (const a of articles) for (const text of [a.question, a.answer]) expect(tokenize(text)).toEqual(without(text));
  });

  it('a bank holiday is a public holiday, not a bank', () => {
    expect(tokenize('are you open on bank holidays').map((t) => t.term)).toEqual(['w:hour', 'w:holiday']);
  });

  it('Latin synonyms meet Japanese text around them: PayPalで払えますか holds payment', () => {
    expect(tokenize('PayPalで払えますか')[0]).toMatchObject({ term: 'w:payment' });
  });

  it('no seed entry is also a seed synonym (one word, one role)', () => {
    const members = new Set(DEFAULT_SYNONYMS.flat().map((m) => m.toLowerCase()));
    expect(DEFAULT_OTHER_BUSINESSES.filter((o) => members.has(o.toLowerCase()))).toEqual([]);
  });
});

describe('a question naming another business is answered only by an article holding it (#17, sixth round)', () => {
  it.each(['醫院幾點開門', '健身房幾點開門', '病院の営業時間', 'ジムは何時まで営業していますか', 'when is the post office open on sunday'])(
    '%s falls back (store hours answered it without the list)',
    (text) => {
      expect(answered(withoutList, text)).toMatch(/^store-hours-/);
      expect(answered(index, text)).toBe('none');
    },
  );

  it('an article whose answer names the business still answers a question about its own topic', () => {
    // returns-en: "drop the package at any post office"; refund-en: "your bank may take a few more days".
    expect(answered(index, 'how do I return an item at the post office')).toBe('returns-en');
    expect(answered(index, 'can my refund go to my bank account')).toBe('refund-en');
  });

  it('holding only the business’s name is not enough: the returns article does not answer post office hours', () => {
    const hits = index.search('what time does the post office close');
    expect(hits.map((h) => h.articleId)).not.toContain('returns-en');
  });

  it('a workspace takes its own kind of business off the list, or adds one', () => {
    const gym = new KnowledgeIndex(articles, { ownBusinesses: ['健身房'] });
    expect(answered(gym, '健身房幾點開門')).toBe('store-hours-zh');
    expect(answered(index, 'spa營業時間')).toBe('store-hours-zh');
    expect(answered(new KnowledgeIndex(articles, { otherBusinesses: ['spa'] }), 'spa營業時間')).toBe('none');
  });

  it('the rule only removes candidates: every other article keeps its score', () => {
    const ruleOff = new KnowledgeIndex(articles, { scoring: { otherBusiness: 'off' } });
    const words = ['flight', '郵局', 'ジム', 'hotel', 'refund', '退貨', '営業時間', 'cancel', 'order', 'open', '密碼', 'パスワード'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 4 }), (picked) => {
        const text = picked.join(' ');
        const before = new Map(ruleOff.search(text, { limit: 60 }).map((h) => [h.articleId, h.score]));
        for (const hit of index.search(text, { limit: 60 })) expect(hit.score).toBeCloseTo(before.get(hit.articleId) ?? -1, 10);
      }),
      { numRuns: 200 },
    );
  });
});

describe('other shops and services (#17, seventh round)', () => {
  const sixthRound = new KnowledgeIndex(articles, { ownBusinesses: OTHER_SHOPS_AND_SERVICES });
  it.each([
    ['超市幾點關門', /^store-hours-zh/],
    ['スーパーの営業時間', /^store-hours-ja/],
    ['how to track my amazon order', /^track-order-en/],
    ['ゲームのパスワードを忘れた', /^password-ja/],
    ['外送平台的優惠碼怎麼用', /^coupon-zh/],
    ["how do i change the address on my driver's license", /^address-en/],
  ])('%s falls back (the sixth round’s list answered it)', (text, before) => {
    expect(answered(sixthRound, text)).toMatch(before);
    expect(answered(index, text)).toBe('none');
  });

  it('an article naming the convenience store still answers its own question (超商取貨付款, コンビニ払い)', () => {
    expect(answered(index, '可以超商取貨付款嗎')).toBe('payment-zh');
    expect(answered(index, 'コンビニ払いはできますか')).toBe('payment-ja');
  });

  it('homes and cars are not on the list: a good that does not fit the room is still a return', () => {
    expect(answered(index, "the sofa doesn't fit in my apartment, how do I return it")).toBe('returns-en');
    expect(new Lexicon().otherBusinessesIn('my car charger stopped working')).toEqual([]);
  });
});

describe('a device’s lock is another service’s (#17, seventh round)', () => {
  const withoutLocks = new KnowledgeIndex(articles, { ownBusinesses: DEVICE_LOCKS });
  it.each([
    ['forgot my phone passcode', 'password-en'],
    ['手機密碼忘了怎麼解鎖', 'password-zh'],
    ['スマホのパスワードを忘れた', 'password-ja'],
  ])('%s falls back (the password article answered it without the pairs)', (text, before) => {
    expect(answered(withoutLocks, text)).toBe(before);
    expect(answered(index, text)).toBe('none');
  });

  it('every word of a pair must be held: the password article holds パスワード, not スマホ', () => {
    expect(index.search('スマホのパスワードを忘れた').map((h) => h.articleId)).not.toContain('password-ja');
  });

  it('the shop’s own password and a phone under warranty are still answered', () => {
    expect(answered(index, 'I forgot my password')).toBe('password-en');
    expect(answered(index, 'パスワードを忘れた')).toBe('password-ja');
    expect(answered(index, 'my phone stopped working, is it under warranty')).toBe('warranty-en');
  });
});
