import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evalArticles } from '../../../../bench/knowledge/eval-set.ts';
import { ASPECT_WEIGHT, KnowledgeIndex, questionSentences, tokenize } from '../../src/bot/index.ts';

const answered = (index: KnowledgeIndex, text: string) => {
  const d = index.decide(text);
  return d.type === 'answer' ? d.match.articleId : d.type;
};

describe('sentences of a message (#17, third round)', () => {
  it.each([
    ['你好，我想買一雙鞋子。請問運費是多少？', ['你好，', '我想買一雙鞋子。', '請問運費是多少？']],
    ['こんにちは。本を注文します！送料はかかりますか？', ['こんにちは。', '本を注文します！', '送料はかかりますか？']],
    ['Hi there. Shipping is $5.99? Ok; thanks', ['Hi there.', 'Shipping is $5.99?', 'Ok;', 'thanks']],
    ['line one\nline two', ['line one', 'line two']],
    ['my headphones broke, is that covered by the warranty', ['my headphones broke,', 'is that covered by the warranty']],
    ['滿 NT$1,000 免運嗎，還是要運費', ['滿 NT$1,000 免運嗎，', '還是要運費']],
  ])('%s splits after sentence punctuation in zh, ja and en', (text, expected) => {
    expect(questionSentences(text)).toEqual(expected);
  });

  it.each(['運費多少？', 'How much is shipping? ', 'v1.2 costs $5.99', '？？。', ''])('%s is one sentence (or none): nothing to split', (text) => {
    expect(questionSentences(text)).toEqual([]);
  });

  it('keeps the last four sentences: the question usually comes last', () => {
    expect(questionSentences('a. b. c. d. e. f?')).toEqual(['c.', 'd.', 'e.', 'f?']);
  });
});

describe('a greeting, a story and the question in one message (#17, third round)', () => {
  const index = new KnowledgeIndex(evalArticles());
  const whole = new KnowledgeIndex(evalArticles(), { scoring: { sentences: false, extra: 1, inflections: false, calibrationJa: 0.35 } }); // as before this round (and before the ninth round's inflections and Japanese calibration)
  it.each([
    ["Hello. The lamp I bought doesn't match my room. How do I return it?", 'returns-en'],
    ['Hi, my speaker stopped charging after two months. Is it still under warranty?', 'warranty-en'],
    ["the dress didn't look like the photo, I want to return it", 'returns-en'],
    ['你好，我想買一雙鞋子。請問運費是多少？', 'shipping-fee-zh'],
    ['発送完了のメールが届きました。荷物の配送状況はどこで確認できますか？', 'track-order-ja'],
    ['今シンガポールに住んでいます。海外にも送ってもらえますか？', 'international-ja'],
  ])('%s is answered from its question sentence (%s); scored whole it fell back', (text, expected) => {
    expect(answered(index, text)).toBe(expected);
    expect(answered(whole, text)).toBe('none');
  });

  it.each([
    "Hi there. I'm flying to Rome next week. What's the weather like there?",
    '你好，我明天要去台中。高鐵票要怎麼買？',
    '猫がご飯を食べません。どうすればいいですか？',
  ])('an off-topic message of the same shape still falls back: %s', (text) => {
    expect(answered(index, text)).toBe('none');
  });

  it('a sentence can only raise an article: the message scores at least what it scored whole', () => {
    const text = '你好，我想買一雙鞋子。請問運費是多少？';
    const [sentenceBest] = index.search(text, { limit: 1 });
    const [wholeBest] = whole.search(text, { limit: 1 });
    expect(sentenceBest.score).toBeGreaterThanOrEqual(wholeBest.score);
  });
});

describe('English as customers type it (#17, third round)', () => {
  const index = new KnowledgeIndex(evalArticles());
  const terms = (text: string) => tokenize(text).map((t) => t.term);

  it.each([
    ["I can't log in", ['w:password']],
    ["i'd like to return the boots i bought", ['w:return', 'w:boot']],
    ["I haven't used it, it's new", ['w:used', 'w:new']],
    ["I can't remember my password", ['w:reset', 'w:password']],
    ["my tracking hasn't updated", ['w:track', 'w:track']],
  ])('%s: contractions and story words name no topic', (text, expected) => {
    expect(terms(text)).toEqual(expected);
  });

  it.each([
    ["I can't log in", 'password-en'],
    ['I ordered shoes last week and want to see where they are', 'track-order-en'],
    ["my tracking hasn't updated in days", 'track-order-en'],
    ['can I return something I already opened', 'returns-en'],
    ['will the refund go back to my credit card', 'refund-en'],
    ['打客服都沒人接', 'contact-zh'],
    ['換了手機不記得密碼', 'password-zh'],
    ['半年前に買ったイヤホンが壊れたけど保証で直せますか', 'warranty-ja'],
  ])('%s is answered (%s); it fell back before', (text, expected) => {
    expect(answered(index, text)).toBe(expected);
  });

  it('a stemmer is a port: the index uses the one it is given for articles and questions', () => {
    const stemmer = (word: string) => word.slice(0, 4);
    const custom = new KnowledgeIndex([{ id: 'a', question: 'Subscriptions', answer: 'Monthly.' }], { stemmer });
    expect(custom.decide('subsidy').type).toBe('answer'); // both "subs"
    expect(new KnowledgeIndex([{ id: 'a', question: 'Subscriptions', answer: 'Monthly.' }]).decide('subsidy').type).toBe('none');
  });
});

describe('context does not undo strong evidence (#17, third round)', () => {
  const index = new KnowledgeIndex(evalArticles());
  const strict = new KnowledgeIndex(evalArticles(), { scoring: { extra: 1 } });
  it.each([
    // 我昨天買的耳機…, 我買兩件衣服… were the examples until product words (耳機,
    // 衣服) and quantities (兩件) became fillers in #17's fourth round.
    ['兩台電風扇運費怎麼算', 'shipping-fee-zh'],
    ['顏色跟照片不一樣想換', 'exchange-zh'],
  ])('%s: the article holds two of its words, the customer’s own (電風扇, 照片) weigh less: %s (fell back at full weight)', (text, expected) => {
    expect(answered(index, text)).toBe(expected);
    expect(answered(strict, text)).toBe('none');
  });

  it.each(['ピザを注文したい', 'order a taxi for me', 'how do I cook rice'])('one word held is still not enough: %s falls back', (text) => {
    expect(answered(index, text)).toBe('none');
  });

  it('fast-check: the discount never lowers a score', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('運費', '耳機', '什麼時候', '會到', 'order', 'taxi', 'refund', 'cancel', '注文', 'ピザ', 'my', '我'), { maxLength: 6 }),
        (words) => {
          const text = words.join(' ');
          const strictScores = new Map(strict.search(text, { limit: 54 }).map((h) => [h.articleId, h.score]));
          for (const hit of index.search(text, { limit: 54 })) expect(hit.score).toBeGreaterThanOrEqual((strictScores.get(hit.articleId) ?? 0) - 1e-12);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('synonym list, fourth round (#17): words customers use that the articles do not', () => {
  const terms = (text: string) =>
    tokenize(text)
      .filter((t) => t.weight >= 1)
      .map((t) => t.term);

  it.each([
    ['has my order shipped yet', ['w:track']],
    ['訂單出貨了沒', ['b:訂單', 'b:查詢']],
    ['do you take paypal', ['w:payment']],
    ['可以貨到付款嗎', ['b:付款']],
    ["where's my money", ['w:refund']],
    ['wrong postcode', ['w:address']],
    ['住所を間違えて入力しました', ['b:住所', 'b:変更', 'b:入力']],
    ['收件地址要換成公司', ['b:地址', 'b:修改', 'b:公司']],
    ['可以換成別的顏色嗎', ['b:換貨', 'b:顏色']],
  ])('%s → %j', (text, expected) => {
    expect(terms(text)).toEqual(expected);
  });

  it('営業日 (business day) is not 営業 (store hours): the delivery answer no longer names the store-hours topic', () => {
    expect(terms('1〜2営業日以内に発送')).not.toContain('b:營業');
    expect(terms('店舗の営業時間')).toContain('b:營業');
  });

  it('till / until are fillers, not "how long": "you can cancel until the order ships" is not about delivery time', () => {
    expect(terms('You can cancel until the order ships')).toEqual(['w:cancel', 'w:order', 'w:ship']);
    expect(tokenize('how long till my stuff gets here').map((t) => t.term)).toEqual(['w:how', 'w:long', 'w:arrive']);
  });

  it.each([
    ['the mug was smashed when I opened the box', ['w:mug'], ['w:damag']],
    ['耳機保固幾年', ['b:耳機'], ['b:保固']],
    ['箱を開けたらお皿が割れていました', ['b:お皿'], ['b:損壞']],
  ])('goods (mug, 耳機, お皿) are one word each, flagged; the box is a filler: %s', (text, goods, others) => {
    const tokens = tokenize(text).filter((t) => t.weight >= 1);
    expect(tokens.filter((t) => t.goods).map((t) => t.term)).toEqual(goods);
    expect(tokens.filter((t) => !t.goods).map((t) => t.term)).toEqual(others);
  });
});

describe('goods no article names are context (#17, fourth round)', () => {
  const index = new KnowledgeIndex(evalArticles());
  it.each([
    ['the mug was smashed when I opened the box', 'damaged-en'],
    ["i'd like to return the boots i bought", 'returns-en'],
    ['耳機保固幾年', 'warranty-zh'],
    ['箱を開けたらお皿が割れていました', 'damaged-ja'],
    ['我昨天買的耳機大概什麼時候會到', 'delivery-time-zh'],
  ])('%s answers %s: the good is not a word the article lacks', (text, expected) => {
    expect(answered(index, text)).toBe(expected);
  });

  it('a good some article names stays a word: the shop’s 保溫瓶 article answers, the damaged article does not take 保溫瓶 questions', () => {
    const shop = new KnowledgeIndex([
      { id: 'flask', question: '保溫瓶可以裝熱湯嗎？', answer: '可以，請勿超過八分滿。' },
      { id: 'damaged', question: '收到的商品有損壞怎麼辦？', answer: '請拍照回報，我們會免費補寄。' },
    ]);
    expect(answered(shop, '保溫瓶能裝湯嗎')).toBe('flask');
    expect(answered(new KnowledgeIndex([{ id: 'damaged', question: '收到的商品有損壞怎麼辦？', answer: '請拍照回報，我們會免費補寄。' }]), '保溫瓶壞了')).toBe(
      'damaged',
    );
  });

  it('a good is named only when one article holds most of its terms: スニーカー is not the カー of クレジットカード', () => {
    expect(answered(index, 'スニーカーはいつ届きますか')).toBe('delivery-time-ja');
  });
});

describe('aspects (#17, fourth round): how long / 多久 / use ask about a topic, they do not name one', () => {
  const index = new KnowledgeIndex(evalArticles());
  const asBefore = new KnowledgeIndex(evalArticles(), { scoring: { aspect: 1, aspectsAlone: false } });

  it('an aspect weighs ASPECT_WEIGHT and is one word, also when it is a phrase', () => {
    const tokens = tokenize('how long is the warranty');
    expect(tokens.map((t) => [t.term, t.weight, t.word, t.aspect ?? false])).toEqual([
      ['w:how', ASPECT_WEIGHT, 0, true],
      ['w:long', ASPECT_WEIGHT, 0, true],
      ['w:warranty', 1, 1, false],
    ]);
  });

  it.each([
    ['when will it be refunded', 'refund-en'],
    ['耳機保固幾年', 'warranty-zh'],
    ['how long does delivery take', 'delivery-time-en'],
    ['下單後多久會收到', 'delivery-time-zh'],
  ])('%s answers %s (the topic word decides, not the aspect)', (text, expected) => {
    expect(answered(index, text)).toBe(expected);
  });

  it('at full weight the aspect drew the delivery article', () => {
    expect(answered(asBefore, 'when will it be refunded')).toBe('delivery-time-en');
    expect(answered(asBefore, 'how long is the warranty')).toBe('delivery-time-en');
    expect(answered(index, 'how long is the warranty')).not.toBe('delivery-time-en');
  });

  it.each(['カメラの使い方', 'how do I use my camera', '相機怎麼用', 'how long?'])('%s: aspects alone name no topic, so nothing answers', (text) => {
    expect(index.search(text)).toEqual([]);
    expect(answered(index, text)).toBe('none');
  });

  it('scored like other words, the coupon article ("how to use a coupon") answered questions about using anything', () => {
    const scoredAlone = new KnowledgeIndex(evalArticles(), { scoring: { aspectsAlone: false } });
    expect(scoredAlone.search('カメラの使い方')[0].articleId).toBe('coupon-ja');
    expect(answered(scoredAlone, 'how do I use my camera')).toBe('coupon-en');
  });

  it('fast-check: a question with a topic word is scored as before; one of aspects (and fillers) alone has no hits', () => {
    const scoredAlone = new KnowledgeIndex(evalArticles(), { scoring: { aspectsAlone: false } });
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('how long', '多久', 'use', '使い方', 'the', 'camera', '耳機', 'refund', '保固', 'order'), { minLength: 1, maxLength: 4 }),
        (words) => {
          const text = words.join(' ');
          const hits = index.search(text, { limit: 54 });
          if (words.some((w) => ['refund', '保固', 'order'].includes(w))) expect(hits).toEqual(scoredAlone.search(text, { limit: 54 }));
          else expect(hits).toEqual([]);
        },
      ),
    );
  });
});

describe('the question usually comes last (#17, fourth round)', () => {
  const index = new KnowledgeIndex(evalArticles());
  it('a story clause scored alone keeps 0.8: "I ordered a lamp" no longer ties three articles', () => {
    const text = 'I ordered a lamp yesterday, when will it arrive';
    expect(answered(index, text)).toBe('delivery-time-en');
    // genericClause off: since #17's twelfth round "I ordered a lamp yesterday" (order alone) is not scored alone at all.
    const d = new KnowledgeIndex(evalArticles(), { scoring: { earlierClause: 1, genericClause: false } }).decide(text);
    // Three articles within the margin: a fallback since #17's ninth round (a clarifying question between two before).
    expect(d.type).toBe('none');
    expect(d.hits[0].score - d.hits[2].score).toBeLessThan(0.04);
    expect(d.hits.slice(0, 2).map((h) => h.articleId)).toEqual(['cancel-en', 'invoice-en']);
  });

  it('the ask in the last clause beats a story clause that names a neighbouring topic (#17, eighth round)', () => {
    const text = "I ordered last week and it hasn't come, can I cancel?";
    expect(answered(index, text)).toBe('cancel-en');
    const before = new KnowledgeIndex(evalArticles(), { scoring: { earlierClause: 0.85 } }).decide(text);
    expect(before.type === 'clarify' && before.options.map((o) => o.articleId)).toEqual(['cancel-en', 'track-order-en']);
  });
});
