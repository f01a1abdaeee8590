import { KnowledgeIndex, createTokenizer, tokenize } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { evalArticles, evalCases } from '../../../bench/knowledge/eval-set.ts';
import { knowledgeSegmenter } from '../src/bot/segmenter.ts';

describe('the server segmenter (jieba behind core’s Segmenter port)', () => {
  const segmenter = knowledgeSegmenter();

  it('cuts Traditional Chinese into words, keeping the original characters', () => {
    expect(segmenter.segment('運費怎麼計算')).toEqual(['運費', '怎麼', '計算']);
    expect(segmenter.segment('門市營業時間')).toEqual(['門市', '營業時間']);
    expect(segmenter.segment('申請退貨')).toEqual(['申請', '退貨']);
  });

  it('cuts Simplified Chinese too', () => {
    expect(segmenter.segment('申请退货')).toEqual(['申请', '退货']);
  });

  it('leaves Japanese runs to the script-class segmenter (particles dropped)', () => {
    expect(segmenter.segment('注文をキャンセルする')).toEqual(['注文', 'キャンセル']);
  });

  it('drops the cross-word bigrams the default tokenizer makes (留購 in 保留購買證明)', () => {
    expect(tokenize('保留購買證明').map((t) => t.term)).toContain('b:留購');
    const terms = createTokenizer({ segmenter })('保留購買證明').map((t) => t.term);
    expect(terms).toEqual(expect.arrayContaining(['b:保留', 'b:購買', 'b:證明']));
    expect(terms).not.toContain('b:留購');
  });

  it('answers the dev paraphrases of the evaluation set and refuses its dev off-topic questions', () => {
    const index = new KnowledgeIndex(evalArticles(), { segmenter });
    const dev = evalCases().filter((c) => c.split === 'dev');
    const onTopic = dev.filter((c) => c.expected !== null);
    const right = onTopic.filter((c) => index.best(c.text)?.articleId === c.expected).length;
    expect(right / onTopic.length).toBeGreaterThanOrEqual(0.9);
    expect(dev.filter((c) => c.expected === null && index.best(c.text)).map((c) => c.text)).toEqual([]);
  });
});
