import { KnowledgeIndex } from '/work/wt/knowledge2/packages/core/src/index.ts';
import { knowledgeSegmenter } from '/work/wt/knowledge2/apps/server/src/bot/segmenter.ts';
import { evaluate } from '/work/wt/knowledge2/bench/knowledge.ts';
import { LANGS, TUNING_SPLITS, evalArticles, evalCases } from '/work/wt/knowledge2/bench/knowledge/eval-set.ts';
const core = process.argv.includes('--core');
const index = new KnowledgeIndex(evalArticles(), core ? {} : { segmenter: knowledgeSegmenter() });
const cases = evalCases().filter((c) => TUNING_SPLITS.includes(c.split));
const misses: string[] = [];
const pct = (n: number, of: number) => ((100 * n) / of).toFixed(1);
for (const split of TUNING_SPLITS) for (const lang of LANGS) {
  const t = evaluate(index, cases.filter((c) => c.split === split && c.lang === lang), 0.5, misses);
  console.log(`${split} ${lang} right ${pct(t.right,t.onTopic)} clar ${pct(t.clarified,t.onTopic)} wrong ${pct(t.wrong,t.onTopic)} fb ${pct(t.fallback,t.onTopic)} off ${pct(t.offAnswered,t.offTopic)}`);
}
const all = evaluate(index, cases, 0.5);
console.log(`ALL right ${pct(all.right,all.onTopic)} clar ${pct(all.clarified,all.onTopic)} wrong ${pct(all.wrong,all.onTopic)} fb ${pct(all.fallback,all.onTopic)} off ${pct(all.offAnswered,all.offTopic)}`);
if (process.argv.includes('--misses')) console.log(misses.join('\n'));
