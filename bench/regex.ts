/**
 * Admin-written regexes (issue #11 finding 4): the audit's catastrophic
 * pattern `a{0,30}` k times then `$`, against 199 "a" and "!", on the RE2
 * engine the server uses (re2js) and on V8's backtracking RegExp that the old
 * code used; then a normal rule set's latency on both. The old engine runs
 * for real only at k = 3 and 4 (about 4 s); larger k is estimated by counting
 * the paths it must try. Prints markdown tables.
 * Run: npx tsx bench/regex.ts
 */
import { pathToFileURL } from 'node:url';
import { compileKeywordRules, compileRegex, type KeywordRule, type PatternEngine } from '../packages/core/src/index.ts';
import { Re2PatternEngine } from '../apps/server/src/bot/re2-patterns.ts';

const HOSTILE = `${'a'.repeat(199)}!`;
const audit = (k: number) => `${'a{0,30}'.repeat(k)}$`;

/** The old matcher, for comparison only: it breaks the port's promise, which is the point of the bench. */
const backtracking: PatternEngine = {
  guarantee: 'linear-time',
  compile: (source, flags) => {
    const re = new RegExp(source, flags.ignoreCase ? 'iu' : 'u');
    return { ok: true, pattern: { test: (text) => re.test(text) } };
  },
};

/** Keyword rules match case-insensitively, which makes the backtracker about twice as slow. */
function compiled(pattern: string, engine: PatternEngine) {
  const result = compileRegex(pattern, engine, { ignoreCase: true });
  if (!result.ok) throw new Error(result.problem);
  return result.regex;
}

function timed(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

/**
 * Paths a backtracker tries for `a{0,30}` k times then `$` on HOSTILE: from
 * each start, every k-tuple of counts ≤ 30 whose sum fits the "a"s left, each
 * ending in a failed `$`. Counted with a DP in floating point (k = 70 is ~1e60).
 */
function backtrackingPaths(k: number): number {
  const n = 199;
  let ways = new Float64Array(n + 1);
  ways[0] = 1; // ways[s]: tuples so far whose counts sum to s
  for (let q = 0; q < k; q++) {
    const next = new Float64Array(n + 1);
    for (let s = 0; s <= n; s++) for (let x = 0; x <= 30 && s + x <= n; x++) next[s + x] += ways[s];
    ways = next;
  }
  let atMost = 0;
  let total = 0;
  for (let m = 0; m <= n; m++) {
    atMost += ways[m]; // tuples with sum ≤ m: the paths from a start with m "a"s left
    total += atMost;
  }
  return total;
}

function human(ms: number): string {
  if (ms < 0.1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${(s / 60).toFixed(0)} min`;
  if (s < 86_400 * 2) return `${(s / 3600).toFixed(1)} h`;
  const years = s / 31_557_600;
  return years < 1000 ? `${(s / 86_400).toFixed(0)} days` : `${years.toExponential(0)} years`;
}

interface AuditRow {
  k: number;
  length: number;
  re2CompileMs: number;
  re2MedianMs: number;
  re2WorstMs: number;
  oldMs: number;
  oldMeasured: boolean;
}

function auditRow(k: number, oldPerPath: number, measured: Map<number, number>): AuditRow {
  const pattern = audit(k);
  const fresh = new Re2PatternEngine(); // no compile cache: the first compile is what a save costs
  let regex = compiled(pattern, fresh);
  const re2CompileMs = timed(() => (regex = compiled(pattern, new Re2PatternEngine())));
  const runs = Array.from({ length: 50 }, () => timed(() => regex.test(HOSTILE))).sort((a, b) => a - b);
  const old = measured.get(k);
  const oldMs = old ?? backtrackingPaths(k) * oldPerPath;
  return { k, length: pattern.length, re2CompileMs, re2MedianMs: runs[25], re2WorstMs: runs[49], oldMs, oldMeasured: old !== undefined };
}

function benchAudit(): void {
  const measured = new Map<number, number>();
  for (const k of [3, 4]) measured.set(k, timed(() => compiled(audit(k), backtracking).test(HOSTILE)));
  const oldPerPath = measured.get(4)! / backtrackingPaths(4);
  const predicted3 = backtrackingPaths(3) * oldPerPath;
  console.log(`Audit pattern a{0,30}×k then $, case-insensitive, input 199 "a" + "!" (the 200-character input cap)\n`);
  console.log('| k | pattern length | RE2 compile | RE2 match, median of 50 | RE2 match, worst of 50 | V8 backtracking (old) |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const k of [3, 4, 5, 6, 70]) {
    const r = auditRow(k, oldPerPath, measured);
    const old = `${r.oldMeasured ? '' : '≈ '}${human(r.oldMs)}${r.oldMeasured ? ' (measured)' : ' (estimated)'}`;
    console.log(`| ${r.k} | ${r.length} | ${human(r.re2CompileMs)} | ${human(r.re2MedianMs)} | ${human(r.re2WorstMs)} | ${old} |`);
  }
  console.log(`\nEstimate: paths × ${(oldPerPath * 1e6).toFixed(1)} ns (k = 4 measured ÷ its ${backtrackingPaths(4).toExponential(2)} paths); it predicts k = 3 at ${human(predicted3)}, measured ${human(measured.get(3)!)}.\n`);
}

/** Random "a"/"b" strings: each one walks RE2 into DFA states it has not built yet. */
function randomAB(count: number): string[] {
  let seed = 42;
  const next = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  return Array.from({ length: count }, () => Array.from({ length: 200 }, () => (next() < 0.5 ? 'a' : 'b')).join(''));
}

/**
 * RE2's own worst case: a DFA that would need 2^n states is built lazily, a
 * few states per input character, each costing up to the program size. Linear
 * in the input still, but with the program as the constant.
 */
function benchDfaHostile(): void {
  const inputs = randomAB(300);
  console.log('RE2 on shapes that defeat its DFA cache, 300 random a/b inputs of 200 characters (a new input each run)\n');
  console.log('| pattern | RE2 p50 | RE2 p99 | RE2 max | CPU per match, mean |');
  console.log('|---|---:|---:|---:|---:|');
  for (const pattern of ['(?:a|b)*a(?:a|b){20}c', '[ab]*a[ab]{300}c', '(?:[ab]*a[ab]{15}){3}c', `${'[ab]{0,30}'.repeat(45)}c`]) {
    const regex = compiled(pattern, new Re2PatternEngine());
    const cpu = process.cpuUsage();
    const samples = inputs.map((input) => timed(() => regex.test(input)));
    const used = process.cpuUsage(cpu);
    const { p50, p99 } = percentiles(samples);
    const max = Math.max(...samples);
    const label = pattern.length > 40 ? `\`[ab]{0,30}\` × 45, then \`c\` (${pattern.length} chars)` : `\`${pattern.replaceAll('|', '\\|')}\``;
    console.log(`| ${label} | ${human(p50)} | ${human(p99)} | ${human(max)} | ${human((used.user + used.system) / 1000 / inputs.length)} |`);
  }
  console.log('');
}

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p99: at(0.99) };
}

/** 1,000 rules, one in ten a regex (as bench/bot.ts), and 100 regex rules of everyday shapes. */
function ruleSets(): [string, KeywordRule[]][] {
  const mixed = Array.from({ length: 1000 }, (_, i): KeywordRule => {
    const regex = i % 10 === 0;
    const pattern = regex ? `^(?:code|編號)\\s*${i}-\\d{2,6}$` : `topic ${i}`;
    return { id: `kw_${i}`, match: regex ? 'regex' : i % 2 ? 'contains' : 'exact', pattern, reply: 'ok' };
  });
  const shapes = ['^order\\s*#?\\d{%}', '(?:refund|退款|返金)\\s*%', '\\b(?:track|where is)\\b.*parcel %', '^sb-\\d{5}-%$', '[a-z]+@[a-z]+\\.com.*%'];
  const regexes = Array.from({ length: 100 }, (_, i): KeywordRule => ({ id: `rx_${i}`, match: 'regex', pattern: shapes[i % 5].replace('%', String(i + 5)), reply: 'ok' }));
  return [['1,000 rules (100 regex)', mixed], ['100 regex rules', regexes]];
}

const MESSAGES = ['I have a question about topic 999 please', 'ＣＯＤＥ 990-1234', '我的訂單還沒到', 'hello there', 'where is my parcel 104', 'order 12'.repeat(20), 'x'.repeat(199)];

const ENGINES: [string, () => PatternEngine][] = [['RE2 (re2js)', () => new Re2PatternEngine()], ['V8 backtracking (old)', () => backtracking]];

/**
 * Wall-clock percentiles, and CPU time per message over the whole run: on a
 * shared machine the wall-clock tail is mostly the scheduler, CPU time is not.
 */
function measureRules(rules: KeywordRule[], makeEngine: () => PatternEngine) {
  compileKeywordRules(rules, makeEngine()); // warm the compiler; a fresh engine below has no cache
  let matcher!: ReturnType<typeof compileKeywordRules>;
  const buildMs = timed(() => (matcher = compileKeywordRules(rules, makeEngine())));
  for (let i = 0; i < 3000; i++) matcher.match(MESSAGES[i % MESSAGES.length]); // warm-up: JIT, and RE2 builds its DFA states lazily
  const runs = 7000;
  const cpu = process.cpuUsage();
  const samples = Array.from({ length: runs }, (_, i) => timed(() => matcher.match(MESSAGES[i % MESSAGES.length])));
  const used = process.cpuUsage(cpu);
  return { buildMs, ...percentiles(samples), cpuUs: (used.user + used.system) / runs };
}

function benchRules(): void {
  console.log('Keyword `match` on a normal rule set: every message tries every regex that could still win\n');
  console.log('| rules | engine | build (ms) | p50 (ms) | p99 (ms) | CPU per message, mean (ms) |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const [name, rules] of ruleSets()) {
    for (const [engineName, makeEngine] of ENGINES) {
      const r = measureRules(rules, makeEngine);
      console.log(`| ${name} | ${engineName} | ${r.buildMs.toFixed(0)} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} | ${(r.cpuUs / 1000).toFixed(3)} |`);
    }
  }
  console.log('');
}

export function main(): void {
  console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
  benchAudit();
  benchDfaHostile();
  benchRules();
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main();
