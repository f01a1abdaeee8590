import { describe, expect, it } from 'vitest';
import { chosenOption, cut } from '../../src/channels/quick-replies.ts';

/** How a typed answer (mail, or a numbered fallback list) picks one of the bot's quick replies (#17); no server needed. */
const FEEDBACK = [
  { label: '有幫助', value: '有幫助' },
  { label: '沒有幫助', value: '沒有幫助' },
];

describe('choosing a quick reply by typing', () => {
  it.each(['2', '２', '2.', '#2', ' 2 ', '沒有幫助', '沒有幫助。'])('%j picks the second option', (typed) => {
    expect(chosenOption(typed, FEEDBACK)?.value).toBe('沒有幫助');
  });

  it.each(['第2個', '第二個', '第 2 個', '2號', '2番', '2番目', '２つ目', 'No. 2', 'option 2', 'Option 2.'])(
    '%j, as people write a place in a list, picks the second option',
    (typed) => {
      expect(chosenOption(typed, FEEDBACK)?.value).toBe('沒有幫助');
    },
  );

  it('Chinese numerals up to the list a platform can hold', () => {
    const many = Array.from({ length: 13 }, (_, i) => ({ label: `門市 ${i + 1}`, value: `store-${i + 1}` }));
    expect(['一', '第十個', '十一番', '第十三個', '二十'].map((t) => chosenOption(t, many)?.value)).toEqual([
      'store-1',
      'store-10',
      'store-11',
      'store-13',
      undefined,
    ]);
  });

  it('a number beyond the list, a sentence around the number, or other words pick nothing', () => {
    expect(chosenOption('3', FEEDBACK)).toBeUndefined();
    expect(chosenOption('0', FEEDBACK)).toBeUndefined();
    expect(chosenOption('I choose 2', FEEDBACK)).toBeUndefined();
    expect(chosenOption('謝謝', FEEDBACK)).toBeUndefined();
    expect(chosenOption('第2個不行', FEEDBACK)).toBeUndefined();
    expect(chosenOption('2個', FEEDBACK)?.value).toBe('沒有幫助');
    expect(chosenOption('千', FEEDBACK)).toBeUndefined();
  });

  it('options labelled with numbers are picked by label before position', () => {
    const amounts = [
      { label: '10', value: 'ten' },
      { label: '20', value: 'twenty' },
    ];
    expect(chosenOption('20', amounts)?.value).toBe('twenty');
    expect(chosenOption('2', amounts)?.value).toBe('twenty');
  });

  it('a value differing from its label is picked by either', () => {
    const stores = [{ label: '台中公益店', value: 'store-2' }];
    expect(chosenOption('台中公益店', stores)?.value).toBe('store-2');
    expect(chosenOption('STORE-2', stores)?.value).toBe('store-2');
  });

  it('cut keeps whole characters (CJK, emoji) and marks the cut', () => {
    expect(cut('請問您們的國際運送大概需要多少工作天', 5)).toBe('請問您們…');
    expect(cut('👍👍👍', 2)).toBe('👍…');
    expect(cut('short', 20)).toBe('short');
  });
});
