import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { pathToFileURL } from 'node:url';
import { replayFacts, whatIfFacts } from '../../packages/core/src/index.ts';
import { compactedDays } from './days.ts';
import { recordMonth } from './traffic.ts';

/**
 * Where a replay's time goes (#18): the generated days with their facts as compaction writes them, then the replay
 * from facts (or the what-if from facts) under the V8 sampling profiler, its self time summed by function and by file.
 * Run: `npx tsx bench/replay/profile.ts` (BENCH_REPLAY_AGENTS=1000, BENCH_REPLAY_DAYS=2, BENCH_REPLAY_MODE=auto,
 * BENCH_REPLAY_WHAT=replay|whatif, BENCH_REPLAY_PROFILE=file.cpuprofile to keep the profile).
 */
const AGENTS = Number(process.env.BENCH_REPLAY_AGENTS ?? 1000);
const DAYS = Number(process.env.BENCH_REPLAY_DAYS ?? 2);
const MODE = (process.env.BENCH_REPLAY_MODE ?? 'auto') as 'auto' | 'offer';
const WHAT = process.env.BENCH_REPLAY_WHAT ?? 'replay';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}

export async function main() {
  const { inputs, decisions, start, end } = recordMonth({ agents: AGENTS, days: DAYS, mode: MODE, seed: 18, peakPerAgentHour: 4 });
  const days = compactedDays(inputs, true);
  const options = { from: start, to: end, serviceLevelSeconds: 20, shortAbandonSeconds: 0 };
  const whatIf = { addAgents: [{ skills: ['en'], capacity: 3 }, { skills: ['ja'], capacity: 3 }], dispatchPerAgent: 2 };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  const cpu = process.cpuUsage();
  await session.post('Profiler.start');
  let reproduced = '(what-if)';
  if (WHAT === 'whatif') whatIfFacts(days, { ...options, overrides: whatIf });
  else {
    const out = replayFacts(days, options);
    reproduced = out.decisions.length === decisions.length && out.decisions.every((l, i) => l === decisions[i]) ? 'yes' : 'NO';
  }
  const { profile } = await session.post('Profiler.stop');
  const used = process.cpuUsage(cpu);
  if (process.env.BENCH_REPLAY_PROFILE) writeFileSync(process.env.BENCH_REPLAY_PROFILE, JSON.stringify(profile));
  const { byFile, byFunction } = summary(profile);
  console.log(`${AGENTS} agents × ${DAYS} days, ${MODE}, ${WHAT}: ${inputs.length} inputs, reproduced ${reproduced}, ${((used.user + used.system) / 1e6).toFixed(2)} CPU s`);
  console.log('\nby file:\n' + byFile.join('\n'));
  console.log('\nby function:\n' + byFunction.join('\n'));
}

/** A V8 CPU profile's self time summed by file and by function (the top 25 of each). */
export function summary(profile: { nodes: unknown[] }) {
  const nodes = profile.nodes as Node[];
  const total = nodes.reduce((n, x) => n + x.hitCount, 0);
  const by = (key: (n: Node) => string) => {
    const sums = new Map<string, number>();
    for (const n of nodes) sums.set(key(n), (sums.get(key(n)) ?? 0) + n.hitCount);
    return [...sums].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
  };
  const file = (n: Node) => n.callFrame.url.replace(/^.*\/(packages|apps|bench|node_modules)\//, '$1/') || n.callFrame.functionName;
  return { byFile: by(file), byFunction: by((n) => `${n.callFrame.functionName || '(anonymous)'} ${file(n)}:${n.callFrame.lineNumber + 1}`) };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
