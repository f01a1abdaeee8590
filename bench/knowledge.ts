/**
 * Knowledge-base answer quality on the evaluation set (bench/knowledge/):
 * per language and split, how often the bot answers with the right article,
 * asks between two articles one of which is right ("clarified"), answers
 * with a wrong one, or falls back, and how often it answers (or clarifies)
 * an off-topic question; then the p99 of `decide` over the same questions at
 * 10,000 articles (the evaluation articles among synthetic ones). Prints
 * markdown tables; `--misses` lists the misses of the dev splits only (never
 * held-out, fresh or blind); `--margin=0` measures without clarifying;
 * `--dev` prints the dev splits only and skips the 10,000-article run (which
 * scores held-out and blind), for tuning between measurements; `--latency`
 * runs only the 10,000-article latency (cold and warm, no quality figures).
 * Run: npx tsx bench/knowledge.ts [--misses] [--margin=0.05] [--dev | --latency]
 */
import { pathToFileURL } from 'node:url';
import { DEFAULT_KB_THRESHOLD, KnowledgeIndex, type KnowledgeArticle } from '../packages/core/src/index.ts';
import { knowledgeSegmenter } from '../apps/server/src/bot/segmenter.ts';
import { knowledgeStemmer } from '../apps/server/src/bot/stemmer.ts';
import { knowledgeThesaurus } from '../apps/server/src/bot/thesaurus.ts';
import { makeArticle } from './bot.ts';
import { LANGS, SPLITS, TUNING_SPLITS, evalArticles, evalCases, type EvalCase, type Lang, type Split } from './knowledge/eval-set.ts';

export type IndexFactory = (articles: KnowledgeArticle[]) => KnowledgeIndex;

interface Tally {
  onTopic: number;
  right: number;
  /** The bot asked the customer to choose between two articles, the right one among them. */
  clarified: number;
  wrong: number;
  fallback: number;
  offTopic: number;
  offAnswered: number;
}

/** --margin=0 measures without clarifying questions (the method before h/knowledge). */
const MARGIN = ((arg) => (arg ? Number(arg.slice(9)) : undefined))(process.argv.find((a) => a.startsWith('--margin=')));

const pct = (n: number, of: number) => (of === 0 ? '–' : `${((100 * n) / of).toFixed(1)}%`);

/**
 * Off-topic: a clarifying question counts as answered (the bot claimed to
 * know). On-topic: clarified only when the right article is one of the two.
 */
export function evaluate(index: KnowledgeIndex, cases: EvalCase[], threshold = DEFAULT_KB_THRESHOLD, misses?: string[], margin = MARGIN): Tally {
  const t: Tally = { onTopic: 0, right: 0, clarified: 0, wrong: 0, fallback: 0, offTopic: 0, offAnswered: 0 };
  for (const c of cases) {
    const d = index.decide(c.text, { threshold, margin });
    const show = misses && TUNING_SPLITS.includes(c.split);
    const hits = d.hits.map((h) => `${h.articleId} ${h.score.toFixed(2)}`).join(', ');
    if (c.expected === null) {
      t.offTopic++;
      if (d.type !== 'none') t.offAnswered++;
      if (d.type !== 'none' && show) misses.push(`[${c.split}] off-topic ${d.type}: ${c.text} → ${hits}`);
      continue;
    }
    t.onTopic++;
    const outcome =
      d.type === 'answer'
        ? d.match.articleId === c.expected
          ? 'right'
          : 'wrong'
        : d.type === 'clarify'
          ? d.options.some((o) => o.articleId === c.expected)
            ? 'clarified'
            : 'wrong'
          : 'fallback';
    t[outcome]++;
    if (outcome !== 'right' && show) misses.push(`[${c.split}] ${outcome}: ${c.text} (want ${c.expected}) → ${hits}`);
  }
  return t;
}

function qualityTable(make: IndexFactory, label: string, showMisses: boolean, splits: readonly Split[]): void {
  const index = make(evalArticles());
  const cases = evalCases();
  console.log(`\n${label}: ${index.size} articles, threshold ${DEFAULT_KB_THRESHOLD}\n`);
  console.log('| language | split | questions | right | clarified | wrong | fallback | off-topic | off-topic answered |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  const misses: string[] = [];
  const row = (lang: Lang | 'all', split: Split | 'all') => {
    const subset = cases.filter((c) => (lang === 'all' || c.lang === lang) && (split === 'all' || c.split === split));
    const t = evaluate(index, subset, DEFAULT_KB_THRESHOLD, lang !== 'all' ? misses : undefined);
    console.log(
      `| ${lang} | ${split} | ${t.onTopic} | ${pct(t.right, t.onTopic)} | ${pct(t.clarified, t.onTopic)} | ${pct(t.wrong, t.onTopic)} | ${pct(t.fallback, t.onTopic)} | ${t.offTopic} | ${pct(t.offAnswered, t.offTopic)} |`,
    );
  };
  for (const split of splits) {
    for (const lang of LANGS) row(lang, split);
    row('all', split);
  }
  if (showMisses) console.log(`\n${misses.join('\n')}`);
}

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * Per-question latency at 10,000 articles (the evaluation articles among
 * synthetic ones): cold is the first pass over the questions on a freshly
 * built index (each question once, JIT and caches cold), warm is 3,000
 * questions after 500 warm-up ones. Wall time and CPU time (what the query
 * costs when other jobs take the cores). With `quality`, the held-out and
 * blind figures at that size too (a measurement of those sets: once per
 * method change).
 */
function latencyTable(make: IndexFactory, label: string, quality: boolean): void {
  const articles = [...evalArticles(), ...Array.from({ length: 10_000 - 54 }, (_, i) => makeArticle(i))];
  const started = performance.now();
  const index = make(articles);
  const buildMs = performance.now() - started;
  const texts = evalCases().map((c) => c.text);
  const time = (count: number, first: boolean) => {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < count; i++) {
      const at = performance.now();
      const cpuAt = process.cpuUsage();
      index.decide(texts[i % texts.length]!);
      const used = process.cpuUsage(cpuAt);
      wall.push(performance.now() - at);
      cpu.push((used.user + used.system) / 1000);
    }
    const f = (xs: number[]) => `p50 ${percentile(xs, 0.5).toFixed(3)} ms, p99 ${percentile(xs, 0.99).toFixed(3)} ms`;
    return `wall ${f(wall)}; CPU ${f(cpu)}${first ? `; first question ${wall[0]!.toFixed(3)} ms` : ''}`;
  };
  const cold = time(texts.length, true);
  for (let i = 0; i < 500; i++) index.decide(texts[i % texts.length]!); // warm-up
  const warm = time(3000, false);
  console.log(`\n${label} at 10,000 articles (${texts.length} distinct questions): build ${buildMs.toFixed(0)} ms`);
  console.log(`- cold (first pass): ${cold}`);
  console.log(`- warm (3,000 questions): ${warm}`);
  if (!quality) return;
  const t = evaluate(
    index,
    evalCases().filter((c) => c.split === 'held-out' || c.split === 'blind'),
  );
  console.log(`- held-out + blind right ${pct(t.right, t.onTopic)}, wrong ${pct(t.wrong, t.onTopic)}, off-topic answered ${pct(t.offAnswered, t.offTopic)}`);
}

export function main(options: { misses?: boolean; dev?: boolean; latency?: boolean } = {}): void {
  const factories: [string, IndexFactory][] = [
    ['core (script-class segmenter)', (articles) => new KnowledgeIndex(articles)],
    [
      'server (jieba segmenter, Porter2 stemmer, WordNet thesaurus)',
      (articles) => new KnowledgeIndex(articles, { segmenter: knowledgeSegmenter(), stemmer: knowledgeStemmer, thesaurus: knowledgeThesaurus() }),
    ],
  ];
  for (const [label, make] of factories) {
    if (!options.latency) qualityTable(make, label, options.misses ?? false, options.dev ? TUNING_SPLITS : SPLITS);
    if (!options.dev) latencyTable(make, label, !options.latency);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href)
  main({ misses: process.argv.includes('--misses'), dev: process.argv.includes('--dev'), latency: process.argv.includes('--latency') });
