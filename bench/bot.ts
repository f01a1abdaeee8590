/**
 * Bot-core latency: knowledge-base answers at 100 and 10,000 articles (mixed
 * zh/en/ja) and keyword matching at 1,000 rules. Prints a markdown table.
 * Run: npx tsx bench/bot.ts
 */
import { pathToFileURL } from 'node:url';
import { KnowledgeIndex, compileKeywordRules, type KeywordRule, type KnowledgeArticle } from '../packages/core/src/index.ts';
import { Re2PatternEngine } from '../apps/server/src/bot/re2-patterns.ts';

// A tiny deterministic PRNG so every run measures the same corpus.
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const rand = random(42);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];

const ZH_TOPICS = ['訂單', '退貨', '退款', '發票', '密碼', '帳號', '運費', '配送', '優惠券', '會員', '付款', '信用卡', '門市', '保固', '維修', '換貨'];
const ZH_VERBS = ['如何查詢', '怎麼申請', '可以取消', '為什麼無法', '多久會處理', '要怎麼修改', '哪裡可以看到', '是否可以變更'];
const EN_TOPICS = ['order', 'refund', 'invoice', 'password', 'account', 'shipping', 'delivery', 'coupon', 'membership', 'payment', 'credit card', 'store', 'warranty', 'repair', 'exchange', 'subscription'];
const EN_VERBS = ['How do I check my', 'Can I cancel my', 'Why can’t I update my', 'How long does it take to process my', 'Where can I find my', 'Can I change my'];
const JA_TOPICS = ['注文', '返品', '返金', '請求書', 'パスワード', 'アカウント', '送料', '配送', 'クーポン', '会員', '支払い', 'クレジットカード'];
const JA_VERBS = ['を確認する方法', 'をキャンセルできますか', 'を変更したい場合', 'が届かない場合', 'について教えてください'];

export function makeArticle(i: number): KnowledgeArticle {
  const lang = i % 3;
  const qualifier = `${pick(['A', 'B', 'C', 'D'])}${i % 97}`;
  if (lang === 0) {
    const topic = pick(ZH_TOPICS);
    return { id: `kb_${i}`, question: `${pick(ZH_VERBS)}${topic}（方案 ${qualifier}）？`, answer: `關於${topic}的說明：請至會員中心操作，方案 ${qualifier} 適用。`, alternatives: [`${topic}問題 ${qualifier}`] };
  }
  if (lang === 1) {
    const topic = pick(EN_TOPICS);
    return { id: `kb_${i}`, question: `${pick(EN_VERBS)} ${topic} on plan ${qualifier}?`, answer: `For ${topic} questions on plan ${qualifier}, open your account page and follow the steps.`, tags: [topic] };
  }
  const topic = pick(JA_TOPICS);
  return { id: `kb_${i}`, question: `${topic}${pick(JA_VERBS)}（プラン ${qualifier}）`, answer: `${topic}についてはマイページからお手続きください。プラン ${qualifier} が対象です。` };
}

const QUERIES = ['我要查詢訂單狀態', '退款多久會處理', 'how do i reset my password', 'Can I cancel my order?', 'パスワードを忘れました', '注文をキャンセルしたい', 'weather tomorrow', '發票可以改抬頭嗎', 'where can I find my invoice', '配送について'];

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p99: at(0.99) };
}

/** Wall time, and CPU time (what a call costs when other jobs take the cores: the wall p99 then measures the scheduler). */
function time(runs: number, fn: (i: number) => void): { p50: number; p99: number; cpuP99: number } {
  for (let i = 0; i < Math.min(200, runs); i++) fn(i); // warm-up
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    fn(i);
    const cpu = process.cpuUsage(cpuStarted);
    samples.push(performance.now() - started);
    cpuSamples.push((cpu.user + cpu.system) / 1000);
  }
  return { ...percentiles(samples), cpuP99: percentiles(cpuSamples).p99 };
}

function benchKnowledge(size: number): { p50: number; p99: number; cpuP99: number; buildMs: number } {
  const articles = Array.from({ length: size }, (_, i) => makeArticle(i));
  const started = performance.now();
  const index = new KnowledgeIndex(articles);
  const buildMs = performance.now() - started;
  return { ...time(2000, (i) => index.best(QUERIES[i % QUERIES.length])), buildMs };
}

function benchKeywords(count: number): { p50: number; p99: number; cpuP99: number; buildMs: number } {
  const types = ['exact', 'contains', 'regex'] as const;
  const rules: KeywordRule[] = Array.from({ length: count }, (_, i) => {
    const match = types[i % 10 === 0 ? 2 : i % 2];
    const pattern = match === 'regex' ? `^(?:code|編號)\\s*${i}-\\d{2,6}$` : `${pick([...EN_TOPICS, ...ZH_TOPICS])} ${i}`;
    return { id: `kw_${i}`, match, pattern, reply: 'ok' };
  });
  const messages = ['I have a question about refund 999 please', 'ＣＯＤＥ 990-1234', '我的訂單還沒到', 'hello there', 'order 12'.repeat(20)];
  const started = performance.now();
  const matcher = compileKeywordRules(rules, new Re2PatternEngine());
  const buildMs = performance.now() - started;
  return { ...time(5000, (i) => matcher.match(messages[i % messages.length])), buildMs };
}

export function main(): void {
  const fmt = (ms: number) => ms.toFixed(3);
  const rows = [
    ['KB answer (`best`)', '100 articles', benchKnowledge(100)],
    ['KB answer (`best`)', '10,000 articles', benchKnowledge(10_000)],
    ['keyword `match`', '1,000 rules', benchKeywords(1000)],
  ] as const;
  console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log('| operation | size | build (ms) | p50 (ms) | p99 (ms) | CPU-time p99 (ms) |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const [op, size, r] of rows) console.log(`| ${op} | ${size} | ${r.buildMs.toFixed(0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.cpuP99)} |`);
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main();
