import { describe, expect, it } from 'vitest';
import { evalArticles } from '../../../../bench/knowledge/eval-set.ts';
import { DEFAULT_KB_MARGIN, DEFAULT_KB_SCORING, KnowledgeIndex } from '../../src/bot/index.ts';

const answered = (index: KnowledgeIndex, text: string) => {
  const d = index.decide(text);
  return d.type === 'answer' ? d.match.articleId : d.type;
};

describe('the calibration point per question script (#17, ninth round)', () => {
  const now = new KnowledgeIndex(evalArticles());
  const before = new KnowledgeIndex(evalArticles(), { scoring: { calibrationJa: 0.35 } });

  it('puts Japanese questions’ even odds lower than Chinese and English ones', () => {
    expect(DEFAULT_KB_SCORING.calibrationJa).toBeLessThan(DEFAULT_KB_SCORING.calibration);
    expect(DEFAULT_KB_SCORING.calibrationZh).toBe(DEFAULT_KB_SCORING.calibration);
  });

  it.each([
    ['バッグの配送状況を見たい', 'track-order-ja'],
    ['テーブルを代引きで買えますか', 'payment-ja'],
  ])('%s answers %s (fell back at the shared point)', (text, article) => {
    expect(answered(now, text)).toBe(article);
    expect(answered(before, text)).toBe('none');
  });

  it('leaves Chinese and English questions’ scores as they were', () => {
    for (const text of ['運費怎麼計算', 'how long does delivery take', 'weather tomorrow', '買兩件要付多少運費'])
      expect(now.search(text)).toEqual(before.search(text));
  });

  it('keeps the Japanese off-topic questions of the dev splits below the threshold', () => {
    for (const text of ['今日の天気は？', 'おすすめのレシピを教えて', '両替はどこでできますか', '電車の定期券を払い戻したい'])
      expect(answered(now, text)).toBe('none');
  });
});

describe('the margin between neighbours (#17, ninth round)', () => {
  const index = new KnowledgeIndex(evalArticles());

  it('is the smallest gap at which the dev splits answered no more wrongly: 0.04', () => {
    expect(DEFAULT_KB_MARGIN).toBe(0.04);
  });

  // 退貨要怎麼寄 was here too until #17's eleventh round: its second article
  // scored 0.500002, and two English answers losing "checkout" (a filler since)
  // moved BM25's average length enough to put it at 0.49996, below the threshold.
  it.each([
    ["I'm moving next week, can I change where my order goes", 'address-en'],
  ])('%s answers %s, asked between two at 0.05', (text, article) => {
    expect(answered(index, text)).toBe(article);
    expect(index.decide(text, { margin: 0.05 }).type).toBe('clarify');
  });
});

describe('three neighbours within the margin (#17, ninth round)', () => {
  const gift = (id: string, what: string) => ({ id, question: `Gift ${what}`, answer: `Ask us about gift ${what}.` });

  it('falls back: offering two of three would be a guess', () => {
    const three = new KnowledgeIndex([gift('wrap', 'wrapping'), gift('card', 'cards'), gift('box', 'boxes')]);
    expect(three.decide('gift').type).toBe('none');
    // Without inflections: since #17's eleventh round "dispatched yet" is read as "shipped yet" and answers tracking.
    expect(new KnowledgeIndex(evalArticles(), { scoring: { inflections: false } }).decide('Has my order been dispatched yet?').type).toBe('none');
  });

  it('still asks between two', () => {
    const two = new KnowledgeIndex([gift('wrap', 'wrapping'), gift('card', 'cards')]);
    expect(two.decide('gift').type).toBe('clarify');
  });
});
