import { describe, expect, it } from 'vitest';
import { evalArticles, evalCases } from '../../../../bench/knowledge/eval-set.ts';
import { DEFAULT_KB_THRESHOLD, KnowledgeIndex, tokenize, type KnowledgeArticle, type Segmenter } from '../../src/bot/index.ts';

const terms = (text: string) => tokenize(text).map((t) => t.term);
const article = (id: string, question: string, answer = 'See the help centre.'): KnowledgeArticle => ({ id, question, answer });

describe('knowledge normalisation per language (issue #17)', () => {
  it('zh-TW: politeness, wanting and question words are dropped', () => {
    expect(terms('我想要退貨，請問要怎麼做')).toEqual(terms('退貨'));
    expect(terms('請問運費多少錢？')).toEqual(terms('運費'));
  });

  it('ja: can-I, please-tell-me and particles are dropped; kanji and katakana words stay', () => {
    expect(terms('キャンセルできますか')).toEqual(terms('キャンセル'));
    expect(terms('返品の方法を教えてください')).toEqual(terms('返品'));
  });

  it('one-character Chinese particles stay inside Japanese words (在庫, 完了) and go in Chinese (我的訂單)', () => {
    expect(terms('在庫はありますか')).toContain('b:在庫');
    expect(terms('登録が完了しません')).toContain('b:完了');
    expect(terms('我的訂單')).toEqual(terms('訂單'));
  });

  it('en: how-do-I, please and stop words are dropped', () => {
    expect(terms('How do I cancel my order, please?')).toEqual(['w:cancel', 'w:order']);
  });

  it('full-width and half-width forms and spacing meet', () => {
    expect(terms('ＷＨＥＲＥ　ＩＳ　ＭＹ　ＰＡＲＣＥＬ？')).toEqual(terms('where is my parcel'));
    expect(terms('ｷｬﾝｾﾙ')).toEqual(terms('キャンセル'));
  });
});

describe('knowledge synonyms', () => {
  it.each([
    ['寄送費', '運費'],
    ['運送費', '運費'],
    ['刷卡', '信用卡'],
    ['取り消し', 'キャンセル'],
    ['parcel', 'order'],
    ['package', 'order'],
    ['money back', 'refund'],
  ])('%s and %s are one term', (a, b) => {
    expect(terms(a)).toEqual(terms(b));
  });

  it('a workspace extends the seed list', () => {
    const articles = [article('flask', '保溫瓶可以裝熱湯嗎？'), article('other', '如何查詢訂單狀態？')];
    expect(new KnowledgeIndex(articles).best('保温杯能装汤吗')).toBeNull();
    const index = new KnowledgeIndex(articles, {
      synonyms: [
        ['保溫瓶', '保温杯'],
        ['湯', '汤'],
      ],
    });
    expect(index.best('保温杯能装汤吗')?.articleId).toBe('flask');
  });

  it('a segmenter injected at the port decides the words of a CJK run', () => {
    const seen: string[] = [];
    const segmenter: Segmenter = { segment: (run) => (seen.push(run), [run]) };
    new KnowledgeIndex([article('a', '運費怎麼計算？')], { segmenter }).search('寄送費用');
    expect(seen).toContain('計算');
  });
});

describe('knowledge paraphrases the issue names (each missed before)', () => {
  const index = new KnowledgeIndex(evalArticles());
  it.each([
    ['運費多少錢？', 'shipping-fee-zh'],
    ['我想要退貨，請問要怎麼做', 'returns-zh'],
    ['能刷信用卡嗎？', 'payment-zh'],
    ['キャンセルできますか', 'cancel-ja'],
    ['where is my parcel', 'track-order-en'],
  ])('%s → %s', (query, expected) => {
    expect(index.best(query)?.articleId).toBe(expected);
  });
});

describe('threshold calibration: one threshold for 10 and 1,000 articles', () => {
  const dev = evalCases().filter((c) => c.split === 'dev');
  const synthetic = (i: number): KnowledgeArticle =>
    [
      article(`s${i}`, `會員方案 ${i} 的點數如何累積？`, `方案 ${i} 每消費 100 元累積 1 點。`),
      article(`s${i}`, `プラン${i}のポイントはいつ付与されますか`, `プラン${i}のポイントは翌月に付与されます。`),
      article(`s${i}`, `How do loyalty points work on plan ${i}?`, `Plan ${i} earns one point per dollar.`),
    ][i % 3];

  it.each([10, 1000])('at %i articles the dev off-topic questions fall back and the paraphrases of held articles answer', (size) => {
    const held = evalArticles().slice(0, Math.min(size, 54));
    const index = new KnowledgeIndex([...held, ...Array.from({ length: size - held.length }, (_, i) => synthetic(i))]);
    const ids = new Set(held.map((a) => a.id));
    const onTopic = dev.filter((c) => c.expected !== null && ids.has(c.expected));
    const right = onTopic.filter((c) => index.best(c.text)?.articleId === c.expected).length;
    const offAnswered = dev.filter((c) => c.expected === null && index.best(c.text) !== null).map((c) => c.text);
    expect(offAnswered).toEqual([]);
    expect(right / onTopic.length).toBeGreaterThanOrEqual(0.85);
    expect(onTopic.length).toBeGreaterThan(0);
  });

  it('publishes 0.5 at the calibration point and keeps scores in 0..1', () => {
    expect(DEFAULT_KB_THRESHOLD).toBe(0.5);
    const hits = new KnowledgeIndex(evalArticles()).search('運費多少錢？', { limit: 54 });
    expect(hits.every((h) => h.score > 0 && h.score <= 1)).toBe(true);
  });
});
