import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
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

  it.each([10, 1000])(
    "at %i articles the same threshold holds for the dev sets of #17's fourth round: goods off-topic questions fall back, ≥ 85 %% of paraphrases answer",
    (size) => {
      const held = evalArticles().slice(0, Math.min(size, 54));
      const index = new KnowledgeIndex([...held, ...Array.from({ length: size - held.length }, (_, i) => synthetic(i))]);
      const ids = new Set(held.map((a) => a.id));
      const fourth = evalCases().filter((c) => c.split === 'dev5' || c.split === 'dev6' || c.split === 'dev7');
      const onTopic = fourth.filter((c) => c.expected !== null && ids.has(c.expected));
      const right = onTopic.filter((c) => index.best(c.text)?.articleId === c.expected).length;
      const goodsOffAnswered = fourth.filter((c) => c.split === 'dev7' && c.expected === null && index.best(c.text) !== null).map((c) => c.text);
      expect(goodsOffAnswered).toEqual([]);
      expect(right / onTopic.length).toBeGreaterThanOrEqual(0.85);
    },
  );

  it('publishes 0.5 at the calibration point and keeps scores in 0..1', () => {
    expect(DEFAULT_KB_THRESHOLD).toBe(0.5);
    const hits = new KnowledgeIndex(evalArticles()).search('運費多少錢？', { limit: 54 });
    expect(hits.every((h) => h.score > 0 && h.score <= 1)).toBe(true);
  });
});

describe('words of a question (h/knowledge)', () => {
  it('a CJK word’s bigrams and unigrams share one word number; Latin words each get one', () => {
    const words = (text: string) => tokenize(text).map((t) => `${t.word}:${t.term}`);
    expect(words('注文を確認')).toEqual(['0:u:注', '0:b:注文', '0:u:文', '1:u:確', '1:b:確認', '1:u:認']);
    expect(words('cancel my order')).toEqual(['0:w:cancel', '1:w:order']);
  });

  it.each([
    ['my coupon code doesn’t work', 'coupon code'],
    ["my coupon code doesn't work", 'coupon code'],
    // "entered the wrong" is the change word since #17's eleventh round (MISTAKES); "entered" alone still names no topic.
    ['I entered the address', 'address'],
    ['運費要自己付嗎', '運費付'],
    ['伝票番号はどこで見られますか', '伝票番号'],
  ])('words that name no topic are dropped: %s', (text, same) => {
    expect(terms(text)).toEqual(terms(same));
  });

  it.each([
    ['運送', '配送'],
    ['寄送', '配送'],
    ['changed my mind', 'cancel'],
    ['send something back', 'return'],
    ['too small', 'exchange'],
  ])('%s and %s are one term', (a, b) => {
    expect(terms(a)).toEqual(terms(b));
  });
});

describe('a lone domain word is not enough (h/knowledge)', () => {
  const index = new KnowledgeIndex(evalArticles());
  it.each(['ピザを注文したい', 'order a taxi for me', 'track the flight BA123', "what's the exchange rate for yen"])(
    '%s holds one word of an article and one it has not: fallback',
    (text) => {
      expect(index.decide(text).type).toBe('none');
    },
  );

  it.each([
    ['注文をキャンセルしたい', 'cancel-ja'],
    ['track my parcel', 'track-order-en'],
  ])('%s: every word held, answered', (text, expected) => {
    const d = index.decide(text);
    expect(d.type === 'answer' && d.match.articleId).toBe(expected);
  });

  it('the penalty is what refuses them: without it the same question is answered', () => {
    // taxi is another business too (sixth round): that rule off, the lone-word rule alone is tested
    // (with its generic-word part, seventh round: order is a generic service word).
    const lenient = new KnowledgeIndex(evalArticles(), { scoring: { loneWord: 1, genericLone: 1, otherBusiness: 'off' } });
    // margin 0: the articles holding "order" tie, which falls back since #17's ninth round whatever the penalty.
    expect(lenient.decide('order a taxi for me', { margin: 0 }).type).not.toBe('none');
    expect(index.decide('order a taxi for me', { margin: 0 }).type).toBe('none');
  });
});

describe('clarifying between neighbours (KnowledgeIndex.decide)', () => {
  const refund = article('refund', 'When will I get my refund?', 'Refunds take 5–7 business days after we receive the item.');
  const returns = article('returns', 'How do I return an item?', 'Start a return from Order history.');
  const index = new KnowledgeIndex([refund, returns, article('hours', 'What are your opening hours?')]);

  it('asks which one when two articles of one language score within the margin', () => {
    const d = index.decide('return refund', { margin: 0.5 });
    expect(d.type).toBe('clarify');
    if (d.type === 'clarify') expect(d.options.map((o) => o.articleId).sort()).toEqual(['refund', 'returns']);
  });

  it('answers when the gap is wider than the margin, and the margin 0 never asks', () => {
    expect(index.decide('return refund', { margin: 0 }).type).toBe('answer');
    const d = index.decide('How do I return an item?', { margin: 0.05 });
    expect(d.type === 'answer' && d.match.articleId).toBe('returns');
  });

  it('a tapped question answers its article even when the other one is as close', () => {
    const d = index.decide('when will I get my REFUND', { margin: 1 });
    expect(d.type === 'answer' && d.match.articleId).toBe('refund');
  });

  it('one topic in two languages is not a choice to offer: the question’s language answers', () => {
    const both = new KnowledgeIndex([article('fee-zh', '運費怎麼計算？', '滿千免運。'), article('fee-ja', '送料はいくらですか？', '全国一律600円です。')]);
    const d = both.decide('運費', { margin: 1 });
    expect(d.type === 'answer' && d.match.articleId).toBe('fee-zh');
  });

  // An answer other than the top: a tapped question (second), or since #17's eleventh round one of three
  // neighbours within the margin told apart by the message's words (possibly the third).
  it('invariant: an answer clears the threshold and is the top or within the margin of it; a clarify offers the top two, both above it and closer than the margin', () => {
    const vocabulary = ['return', 'refund', 'item', 'when', 'hours', 'opening', 'order', 'get', 'my', 'pizza', '退貨', '退款', '運費'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 5 }), fc.double({ min: 0, max: 0.3, noNaN: true }), (words, margin) => {
        const text = words.join(' ');
        const d = index.decide(text, { margin });
        const [top, second, third] = index.search(text, { limit: 3 });
        // Three within the margin fall back (#17's ninth round; this branch missed it, failing about one run in twenty).
        const threeNear = third !== undefined && third.score >= DEFAULT_KB_THRESHOLD && top.score - third.score < margin;
        if (d.type === 'none') return !top || top.score < DEFAULT_KB_THRESHOLD || threeNear;
        if (d.type === 'answer')
          return d.match.score >= DEFAULT_KB_THRESHOLD && (d.match.articleId === top.articleId || top.score - d.match.score < margin);
        return (
          d.options[0].articleId === top.articleId &&
          d.options[1].articleId === second.articleId &&
          top.score - second.score < margin &&
          second.score >= DEFAULT_KB_THRESHOLD
        );
      }),
    );
  });
});

describe('the answer counts for what it says (h/knowledge)', () => {
  const articles = [
    article('payment', '有哪些付款方式？', '我們接受信用卡、LINE Pay、ATM 轉帳與超商取貨付款。'),
    article('hours', '門市營業時間是幾點到幾點？', '每日上午 11:00 至晚上 9:30。'),
    article('returns', '如何申請退貨？', '收到商品 7 天內於「我的訂單」申請。'),
  ];
  it('a question about a word only the answer holds (刷卡 → 信用卡) is answered from that article', () => {
    const d = new KnowledgeIndex(articles).decide('可以刷卡嗎');
    expect(d.type === 'answer' && d.match.articleId).toBe('payment');
  });

  it('at the old answer weight (0.3) the same question fell back', () => {
    expect(new KnowledgeIndex(articles, { scoring: { answer: 0.3 } }).decide('可以刷卡嗎').type).toBe('none');
  });
});
