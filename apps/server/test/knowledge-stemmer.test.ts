import { KnowledgeIndex, createTokenizer } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { knowledgeStemmer } from '../src/bot/stemmer.ts';

describe('the server stemmer (Porter2 behind core’s Stemmer port)', () => {
  it('meets inflections the light suffix stripper misses', () => {
    expect(knowledgeStemmer('cancellation')).toBe(knowledgeStemmer('cancel'));
    expect(knowledgeStemmer('charging')).toBe(knowledgeStemmer('charge'));
    expect(knowledgeStemmer('generously')).toBe(knowledgeStemmer('generous'));
  });

  it('runs on articles and questions alike: a word only Porter2 meets finds its article', () => {
    const articles = [
      { id: 'subscription', question: 'Subscription renewals', answer: 'Renewals happen monthly.' },
      { id: 'gift', question: 'Gift wrapping', answer: 'Wrapping costs extra.' },
    ];
    const terms = createTokenizer({ stemmer: knowledgeStemmer })('renewal subscriptions').map((t) => t.term);
    expect(terms).toEqual(['w:renew', 'w:subscript']);
    const [porter] = new KnowledgeIndex(articles, { stemmer: knowledgeStemmer }).search('when does my subscription renew');
    const [light] = new KnowledgeIndex(articles).search('when does my subscription renew');
    expect(porter).toEqual({ articleId: 'subscription', score: 1 });
    expect(light.score).toBeLessThan(0.6); // renew / renewals met only by Porter2
  });

  it('leaves words with digits alone (model numbers)', () => {
    expect(createTokenizer({ stemmer: knowledgeStemmer })('sb123s').map((t) => t.term)).toEqual(['w:sb123s']);
  });
});
