import { pathToFileURL } from 'node:url';
import {
  DRAIN_MS,
  RecordingReader,
  Simulator,
  decisionLine,
  replayFacts,
} from '../../packages/core/src/index.ts';
import { compactedDays } from './days.ts';
import { recordMonth } from './traffic.ts';

/**
 * Replay speed (#18): a generated recording replayed in one pass (reader and simulator in step),
 * with the reproduction check against the decisions the recording engine
 * made, then one what-if (two more agents, dispatch count 2). Prints inputs,
 * engine events, wall and CPU time, events per CPU-second, and the
 * extrapolation to a month of a 1,000-agent tenant.
 * Run: `npx tsx bench/replay/replay.ts` (BENCH_REPLAY_AGENTS, BENCH_REPLAY_DAYS, BENCH_REPLAY_MODE).
 */
const AGENTS = Number(process.env.BENCH_REPLAY_AGENTS ?? 100);
const DAYS = Number(process.env.BENCH_REPLAY_DAYS ?? 7);

function timed<T>(fn: () => T) {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(cpu);
  return { value, wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
}

export async function main() {
  const modes = (process.env.BENCH_REPLAY_MODE ?? 'auto,offer').split(',') as Array<'auto' | 'offer'>;
  console.log(`\n### Replay (bench/replay): ${AGENTS} agents, ${DAYS} days, generated\n`);
  console.log(
    '| mode | conversations | inputs | engine events (reader + simulator) | reproduced | wall s | CPU s | events / CPU s | from day facts: reproduced, CPU s | what-if (2 passes) CPU s | month × 1,000 agents, CPU s (extrapolated) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const mode of modes) {
    const month = timed(() => recordMonth({ agents: AGENTS, days: DAYS, mode, seed: 18, peakPerAgentHour: Number(process.env.BENCH_REPLAY_PEAK ?? 4) }));
    const { inputs, decisions, start, end, conversations } = month.value;
    const options = { from: start, to: end, serviceLevelSeconds: 20, shortAbandonSeconds: 0 };
    const replay = timed(() => {
      // One pass, as the server replays: the reader takes each input just before the simulator.
      const reader = new RecordingReader(end + DRAIN_MS, options);
      const sim = new Simulator(reader, { ...options, end: end + DRAIN_MS });
      const lines: string[] = [];
      sim.run.observers.push((d, at) => lines.push(decisionLine(d, at)));
      for (const input of inputs) {
        reader.feed(input);
        sim.feed(input);
      }
      const result = sim.result();
      return { result, lines, events: reader.events + sim.run.events };
    });
    const reproduced = replay.value.lines.length === decisions.length && replay.value.lines.every((l, i) => l === decisions[i]);
    // The days as compacted: each UTC day's reader facts, written from the checkpoint before it (not timed: compaction's work).
    const days = compactedDays(inputs);
    const fromFacts = timed(() => replayFacts(days, options));
    const factsReproduced = fromFacts.value.decisions.length === decisions.length && fromFacts.value.decisions.every((l, i) => l === decisions[i]);
    const whatIf = timed(() => {
      const overrides = {
        addAgents: [
          { skills: ['en'], capacity: 3 },
          { skills: ['ja'], capacity: 3 },
        ],
        dispatchPerAgent: 2,
      };
      const reader = new RecordingReader(end + DRAIN_MS, options);
      for (const input of inputs) reader.feed(input);
      const sim = new Simulator(reader.result(), { ...options, overrides, end: end + DRAIN_MS });
      for (const input of inputs) sim.feed(input);
      return sim.result();
    });
    const perCpuSecond = replay.value.events / (replay.cpuMs / 1000);
    // Work grows with the inputs: a month of 1,000 agents has (1000 / AGENTS) × (30 / DAYS) as many.
    const monthCpu = (replay.cpuMs / 1000) * (1000 / AGENTS) * (30 / DAYS);
    console.log(
      `| ${mode} | ${conversations} | ${inputs.length} | ${replay.value.events} | ${reproduced ? 'yes' : 'NO'} | ${(replay.wallMs / 1000).toFixed(2)} | ${(replay.cpuMs / 1000).toFixed(2)} | ${Math.round(perCpuSecond)} | ${factsReproduced ? 'yes' : 'NO'}, ${(fromFacts.cpuMs / 1000).toFixed(2)} | ${(whatIf.cpuMs / 1000).toFixed(2)} | ${monthCpu.toFixed(0)} |`,
    );
    if (!reproduced) {
      const i = replay.value.lines.findIndex((l, k) => l !== decisions[k]);
      console.log(`first difference at ${i}: recorded ${decisions[i]} / replayed ${replay.value.lines[i]}`);
    }
    console.log(
      `\n${mode}: recorded ${JSON.stringify(replay.value.result.recorded)}\n${mode}: what-if +2 agents, k=2: ${JSON.stringify(whatIf.value.simulated)}\n`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
