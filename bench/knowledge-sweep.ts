/**
 * Scoring sweeps on the dev splits only (bench/knowledge/, TUNING_SPLITS): the
 * held-out and blind sets are never looked at here. Prints one line per
 * setting: right / clarified / wrong / fallback on dev + dev2, off-topic answered.
 * Run: npx tsx bench/knowledge-sweep.ts
 */
import { KnowledgeIndex, type KnowledgeIndexOptions, type KnowledgeScoring } from '../packages/core/src/index.ts';
import { knowledgeSegmenter } from '../apps/server/src/bot/segmenter.ts';
import { knowledgeStemmer } from '../apps/server/src/bot/stemmer.ts';
import { knowledgeThesaurus, wordnetThesaurus } from '../apps/server/src/bot/thesaurus.ts';
import { TUNING_SPLITS, evalArticles, evalCases } from './knowledge/eval-set.ts';

const cases = evalCases().filter((c) => TUNING_SPLITS.includes(c.split));
const articles = evalArticles();

export function sweep(scoring: Partial<KnowledgeScoring>, margin: number, threshold = 0.5, options: KnowledgeIndexOptions = {}, lang?: string): string {
  const index = new KnowledgeIndex(articles, { segmenter: knowledgeSegmenter(), stemmer: knowledgeStemmer, scoring, ...options });
  let on = 0,
    right = 0,
    clarified = 0,
    wrong = 0,
    off = 0,
    offAnswered = 0;
  for (const c of cases) {
    if (lang && c.lang !== lang) continue;
    const d = index.decide(c.text, { threshold, margin });
    if (c.expected === null) {
      off++;
      if (d.type !== 'none') offAnswered++;
      continue;
    }
    on++;
    if (d.type === 'answer') {
      if (d.match.articleId === c.expected) right++;
      else wrong++;
    } else if (d.type === 'clarify') {
      if (d.options.some((o) => o.articleId === c.expected)) clarified++;
      else wrong++;
    }
  }
  const p = (n: number, of: number) => ((100 * n) / of).toFixed(1).padStart(5);
  return `right ${p(right, on)} clarified ${p(clarified, on)} wrong ${p(wrong, on)} fallback ${p(on - right - clarified - wrong, on)} off-topic answered ${p(offAnswered, off)}`;
}

// #17's ninth round: the WordNet thesaurus (M37) off, and the share a synonym
// read earns (scoring.synonym) from 0.4 to 1.
const grid: [string, Partial<KnowledgeScoring>, KnowledgeIndexOptions][] = [
  ['no thesaurus', {}, {}],
  ...[0.4, 0.5, 0.6, 0.7, 0.85, 1].map((w): [string, Partial<KnowledgeScoring>, KnowledgeIndexOptions] => [
    `synonym ${w}`,
    { synonym: w },
    { thesaurus: process.env.SENSES ? wordnetThesaurus({ senses: Number(process.env.SENSES) }) : knowledgeThesaurus() },
  ]),
];
if (import.meta.url === `file://${process.argv[1]}`)
  for (const lang of [undefined, 'zh', 'ja', 'en'])
    for (const [label, scoring, options] of grid) console.log(`${(lang ?? 'all').padEnd(3)} ${label.padEnd(20)} ${sweep(scoring, 0.05, 0.5, options, lang)}`);
