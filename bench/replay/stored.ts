import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { FactsRecorder, inputKey, type RecordedInput, type RoutingSnapshot } from '../../packages/core/src/index.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import type { Database } from '../../apps/server/src/db/database.ts';
import { createContainer } from '../../apps/server/src/container.ts';
import { runSimulation } from '../../apps/server/src/simulations/run-simulation.ts';
import { DAY_MS, SETTLE_MS, compactReplayDay, insertReplayDay } from '../../apps/server/src/simulations/replay-days.ts';
import { ensureAdminWorkspace } from '../../apps/server/src/workspaces/workspaces.ts';
import { writeHistory } from './history.ts';
import { summary } from './profile.ts';
import { recordMonth } from './traffic.ts';

/**
 * The server's path (#18): a generated month stored as the server stores it —
 * every finished UTC day compacted into routing_input_days (its inputs and the
 * engine's checkpoint), the last two days written as routing_inputs rows and
 * compacted by compactReplayDay (a full day, timed) — then runSimulation
 * over it as POST /simulations runs it: the whole month (cold: the first run
 * in this process; then warm), the last week (from a checkpoint), both one
 * pass, and a what-if (two passes).
 * Every decision of a replay is compared with the generated engine's
 * decisions; with BENCH_REPLAY_HISTORY=1 (the default) the generated decisions are also written into
 * conversation_events / presence_events (history.ts), and the first replay ('cold') runs the server's reproduction
 * check against them, as POST /simulations does.
 * A replay without the history check compares its decisions with the generated ones (as lines: the bench's own
 * check, not the server's); a checked replay and a what-if do not build those lines, as POST /simulations does not.
 * Run: `node --max-old-space-size=8192 --import tsx bench/replay/stored.ts`
 * (BENCH_REPLAY_AGENTS=1000, BENCH_REPLAY_DAYS=30, BENCH_REPLAY_MODE=auto, BENCH_REPLAY_RUNS=cold,warm,derived,week,whatif,whatif-engine,
 * whatif-whole,warm-whole (each day decoded whole instead of in stretches),
 * DATABASE_URL for PostgreSQL; BENCH_REPLAY_WORKSPACE=ws_… stores the month again into that workspace of an earlier
 * run of the same spec, and keeps its history rows if it has them; with BENCH_REPLAY_KEEP=file as well, a month stored by an
 * earlier run with that file is kept as it is (no generation, no storing: the file holds its generated decisions); BENCH_REPLAY_CPU_PROFILE=dir writes a V8 CPU profile
 * of each timed run there and prints where its time went).
 */
const AGENTS = Number(process.env.BENCH_REPLAY_AGENTS ?? 1000);
const DAYS = Number(process.env.BENCH_REPLAY_DAYS ?? 30);
const MODE = (process.env.BENCH_REPLAY_MODE ?? 'auto') as 'auto' | 'offer';
/** BENCH_REPLAY_FACTS=0 stores the days without reader facts (as days compacted before migration 20261201T1320). */
const FACTS = process.env.BENCH_REPLAY_FACTS !== '0';
const HISTORY = process.env.BENCH_REPLAY_HISTORY !== '0';

/**
 * BENCH_REPLAY_LOCK=/work/wt/bench.lock: the timed runs hold the machine's shared bench lock (flock(1), held by a
 * child until its stdin closes), the generation and storing before them do not. Prints `uptime` as it takes and
 * leaves the lock.
 */
async function lockForRuns(): Promise<() => void> {
  const path = process.env.BENCH_REPLAY_LOCK;
  if (!path) return () => {};
  const child = spawn('flock', [path, '-c', 'echo locked; cat > /dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
  await once(child.stdout!, 'data');
  const uptime = () => spawn('uptime', { stdio: ['ignore', 'inherit', 'inherit'] });
  uptime();
  console.log(`holding ${path} from ${new Date().toISOString()}`);
  return () => {
    uptime();
    console.log(`leaving ${path} at ${new Date().toISOString()}`);
    child.stdin!.end();
  };
}

let profiles = 0;

/** With BENCH_REPLAY_CPU_PROFILE=dir: the run under the V8 sampling profiler, its profile written there and summed by file. */
async function profiled<T>(fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_REPLAY_CPU_PROFILE;
  if (!dir) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1000 });
  await session.post('Profiler.start');
  const value = await fn();
  const { profile } = await session.post('Profiler.stop');
  const file = `${dir}/stored-${MODE}-${++profiles}.cpuprofile`;
  writeFileSync(file, JSON.stringify(profile));
  console.log(`profile ${file}:\n${summary(profile).byFile.slice(0, 16).join('\n')}`);
  session.disconnect();
  return value;
}

async function timed<T>(fn: () => Promise<T>) {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, wallS: (performance.now() - wall) / 1000, cpuS: (used.user + used.system) / 1e6 };
}

/**
 * The generated decision lines from `from` on, in one string (the generator makes them in time order), compared one by
 * one with the replay's without cutting the string up.
 */
class GeneratedLines {
  private pos: number;
  count = 0;
  readonly expected: number;
  firstDifference: string | null = null;

  constructor(
    private readonly text: string,
    from: number,
  ) {
    let pos = 0;
    while (pos < text.length && Number(text.slice(pos, text.indexOf(' ', pos))) < from) pos = this.after(pos);
    this.pos = pos;
    let expected = 0;
    for (let p = pos; p < text.length; p = this.after(p)) {
      if (Number(text.slice(p, text.indexOf(' ', p))) < from) throw new Error('generated decisions out of time order');
      expected++;
    }
    this.expected = expected;
  }

  next(line: string): void {
    const { text, pos } = this;
    const end = pos + line.length;
    if (this.firstDifference === null && !(text.startsWith(line, pos) && (end === text.length || text.charCodeAt(end) === 10)))
      this.firstDifference = `#${this.count}: generated ${pos < text.length ? text.slice(pos, this.after(pos) - 1) : '(none)'} / replayed ${line}`;
    if (this.firstDifference === null) this.pos = this.after(pos);
    this.count++;
  }

  reproduced(): boolean {
    return this.firstDifference === null && this.count === this.expected;
  }

  /** The start of the line after the one at `pos` (text.length + 1 past the last). */
  private after(pos: number): number {
    const nl = this.text.indexOf('\n', pos);
    return nl === -1 ? this.text.length + 1 : nl + 1;
  }
}

export async function main() {
  // A longer statement timeout than the server's 5 s: on the shared machine this process, holding a generated month
  // (3+ GB of heap), can stall in garbage collection long enough for the client's read timeout to fire on a day insert.
  const config = loadConfig({
    DATA_DIR: 'memory://',
    DATABASE_URL: process.env.DATABASE_URL,
    DATABASE_STATEMENT_TIMEOUT_MS: '60000',
    SECRET_KEY: 'bench-secret-key-0123456789',
    LOG_LEVEL: 'silent',
  });
  const container = await createContainer(config, { log: pino({ level: 'silent' }) });
  const db = container.deps.db;
  const reused = process.env.BENCH_REPLAY_WORKSPACE;
  const workspaceId = reused ?? (await ensureAdminWorkspace(container.deps, `bench-${Date.now()}`));
  const keep = process.env.BENCH_REPLAY_KEEP;
  const kept = reused && keep && existsSync(keep) ? keptMonth(keep) : null;
  const { start, end, expectedText } = kept ?? (await storeMonth(db, workspaceId, reused));
  if (keep && !kept) writeFileSync(keep, `${JSON.stringify({ start, end })}\n${expectedText}`);
  if (kept) console.log(`kept: the days and history already stored for ${reused} (${keep})`);
  await runs(db, workspaceId, start, end, expectedText);
  await container.close();
}

/** BENCH_REPLAY_KEEP=file with BENCH_REPLAY_WORKSPACE: the month stored by an earlier run (its start, end and generated decisions in that file). */
function keptMonth(file: string): { start: number; end: number; expectedText: string } {
  const text = readFileSync(file, 'utf8');
  const nl = text.indexOf('\n');
  const { start, end } = JSON.parse(text.slice(0, nl)) as { start: number; end: number };
  return { start, end, expectedText: text.slice(nl + 1) };
}

/** The month generated and stored as the server stores it (the days, the last two as rows compacted by the server's code, the history). */
async function storeMonth(db: Database, workspaceId: string, reused: string | undefined) {
  if (reused) {
    // The days again, as this code stores them (their encoding may have changed); the history rows do not depend on it.
    await db.deleteFrom('routing_input_days').where('workspace_id', '=', reused).execute();
    await db.deleteFrom('routing_inputs').where('workspace_id', '=', reused).execute();
  }
  const generated = await timed(async () => recordMonth({ agents: AGENTS, days: DAYS, mode: MODE, seed: 18, peakPerAgentHour: 4 }));
  const { start, end, conversations } = generated.value;
  let decisions: string[] | null = generated.value.decisions;
  let inputs: RecordedInput[] | null = generated.value.inputs;
  // Each generated input is its own routing transaction, as one request is on the server: version n, seq 0.
  for (const input of inputs) input.key = inputKey(input.key, 0);
  const inputCount = inputs.length;
  console.log(`generated ${inputCount} inputs, ${decisions!.length} decisions, ${conversations} hand-offs in ${generated.wallS.toFixed(1)} s`);

  // The finished days as the compactor leaves them; the last day as rows, compacted by the server's own code.
  const byDay = new Map<number, RecordedInput[]>();
  for (const input of inputs) {
    const day = Math.floor(input.at / DAY_MS) * DAY_MS;
    (byDay.get(day) ?? byDay.set(day, []).get(day)!).push(input);
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  // The last two days go in as rows: the first of them is a full day for compactReplayDay to time.
  const asRows = days.slice(-2);
  const stored = await timed(async () => {
    // As compactReplayDay does: one reader over each day from the checkpoint before it, for the checkpoint after it and its facts.
    let checkpoint: RoutingSnapshot | null = null;
    for (const day of days.slice(0, -2)) {
      const list = byDay.get(day)!;
      const run: FactsRecorder = new FactsRecorder(checkpoint);
      for (const input of list) run.feed(input);
      const after = run.snapshot()!;
      await insertReplayDay(db, workspaceId, day, list, after, FACTS ? run.take() : null);
      checkpoint = after;
    }
  });
  const rows = asRows
    .flatMap((day) => byDay.get(day)!)
    .map((input) => ({
      workspace_id: workspaceId,
      version: Math.floor(input.key / 1_048_576),
      seq: input.key % 1_048_576,
      at: input.at,
      kind: input.kind === 'origin' ? 'origin' : input.event.type,
      event: JSON.stringify(input.kind === 'origin' ? input.snapshot : input.event),
      note: input.kind === 'origin' ? null : input.note,
    }));
  for (let i = 0; i < rows.length; i += 2000)
    await db
      .insertInto('routing_inputs')
      .values(rows.slice(i, i + 2000))
      .execute();
  rows.length = 0;
  const fullDay = byDay.get(asRows[0])!.length;
  // The generated inputs are not kept during the runs: a server holds only what it reads (a day at most).
  byDay.clear();
  inputs = null;
  generated.value.inputs = [];
  const compacted = await timed(() => compactReplayDay(db, workspaceId, asRows[1] + DAY_MS + SETTLE_MS));
  await compactReplayDay(db, workspaceId, asRows[1] + DAY_MS + SETTLE_MS);
  const size = await db
    .selectFrom('routing_input_days')
    .select((eb) => [
      eb.fn.sum<number>(eb.fn('octet_length', ['data'])).as('data'),
      eb.fn.sum<number>(eb.fn('octet_length', ['checkpoint'])).as('checkpoint'),
      eb.fn.sum<number>(eb.fn('octet_length', ['facts'])).as('facts'),
    ])
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  console.log(
    `stored ${days.length - 2} days in ${stored.wallS.toFixed(1)} s; a full day's ${fullDay} rows compacted by compactReplayDay in ${compacted.wallS.toFixed(2)} s wall, ${compacted.cpuS.toFixed(2)} CPU s (${compacted.value}); ` +
      `days ${(Number(size?.data) / 1e6).toFixed(1)} MB + checkpoints ${(Number(size?.checkpoint) / 1e6).toFixed(1)} MB + facts ${(Number(size?.facts ?? 0) / 1e6).toFixed(1)} MB`,
  );

  const written = reused ? await db.selectFrom('conversation_events').select('id').where('workspace_id', '=', reused).limit(1).executeTakeFirst() : undefined;
  if (written) console.log(`history: kept the rows already written for ${reused}`);
  else if (HISTORY) {
    const history = await timed(() => writeHistory(db, workspaceId, decisions!));
    console.log(`history: ${history.value.events} conversation_events + ${history.value.aways} presence_events rows written in ${history.wallS.toFixed(1)} s`);
  }
  // The generated decisions as one string, not 4.4 M of them: a server holds nothing like them, and millions of live
  // strings make every major collection of the runs mark them (the garbage collector's share of the runs was 24–28 %).
  const expectedText = decisions!.join('\n');
  decisions = null;
  generated.value.decisions = [];
  return { start, end, expectedText };
}

/** The timed runs of BENCH_REPLAY_RUNS over the stored month. */
async function runs(db: Database, workspaceId: string, start: number, end: number, expectedText: string) {
  const settings = { serviceLevelSeconds: 20, serviceLevelTarget: 0.8, shortAbandonSeconds: 0 };
  const replay = async (from: number, overrides = {}, storedFacts = true, historyCheck = false, dayStretch?: number) => {
    const lines = new GeneratedLines(expectedText, from);
    const observe = (line: string) => lines.next(line);
    const load = () =>
      execFileSync('uptime')
        .toString()
        .trim()
        .replace(/.*load average: /, '');
    const before = load();
    const whatIf = Object.keys(overrides).length > 0;
    // The generated lines are the only check of a replay without the history's: only there are lines built.
    const hooks = { observe: whatIf || historyCheck ? undefined : observe, historyCheck, storedFacts, dayStretch };
    const t = await profiled(() => timed(() => runSimulation(db, workspaceId, { from, to: end, overrides }, settings, async () => {}, hooks)));
    console.log(`${new Date().toISOString()} load before ${before}, after ${load()}`);
    if (historyCheck) {
      const c = t.value.check;
      console.log(
        `reproduction check against the history (conversation_events, presence_events): reproduced ${t.value.reproduced}, ${c?.compared} decisions compared, ` +
          `differences: ${c?.firstDifference ? `first at #${c.firstDifference.index}: recorded ${c.firstDifference.recorded} / simulated ${c.firstDifference.simulated}` : 0}`,
      );
    }
    const reproduced = whatIf
      ? '(what-if)'
      : historyCheck
        ? t.value.reproduced
          ? 'yes (history)'
          : 'NO (history)'
        : lines.reproduced()
          ? 'yes'
          : `NO ${lines.firstDifference ?? `${lines.count} of ${lines.expected}`}`;
    if (reproduced === '(what-if)') console.log(`what-if ${storedFacts ? 'from facts' : 'by a reader engine'}: simulated ${JSON.stringify(t.value.simulated)}`);
    return { ...t, reproduced, inputs: t.value.inputs, events: t.value.inputs + t.value.simulatedEvents };
  };
  console.log(
    `\n### Replay from the database (bench/replay/stored.ts): ${AGENTS} agents, ${DAYS} days, ${MODE}, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}\n`,
  );
  console.log('| run | period | inputs read | engine events | reproduced | wall s | process CPU s | inputs / wall s | engine events / wall s |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  const line = (name: string, period: string, r: Awaited<ReturnType<typeof replay>>) =>
    console.log(
      `| ${name} | ${period} | ${r.inputs} | ${r.events} | ${r.reproduced} | ${r.wallS.toFixed(1)} | ${r.cpuS.toFixed(1)} | ${Math.round(r.inputs / r.wallS)} | ${Math.round(r.events / r.wallS)} |`,
    );
  const chosen = (process.env.BENCH_REPLAY_RUNS ?? 'cold,warm,derived,week,whatif').split(',');
  const unlock = await lockForRuns();
  if (chosen.includes('cold'))
    line(`cold (first in the process), one pass${HISTORY ? ', checked against the history' : ''}`, `${DAYS} days`, await replay(start, {}, true, HISTORY));
  if (chosen.includes('warm')) line('warm, one pass', `${DAYS} days`, await replay(start));
  if (chosen.includes('derived')) line('warm, facts derived as read (a reader engine beside the simulator)', `${DAYS} days`, await replay(start, {}, false));
  const week = Math.max(start, end - 7 * DAY_MS);
  if (chosen.includes('week')) line('warm, from a checkpoint, one pass', 'last 7 days', await replay(week));
  const whatIf = {
    addAgents: [
      { skills: ['en'], capacity: 3 },
      { skills: ['ja'], capacity: 3 },
    ],
    dispatchPerAgent: 2,
  };
  if (chosen.includes('whatif')) line("warm what-if (+2 agents, k=2), two passes, the first from the days' facts", `${DAYS} days`, await replay(start, whatIf));
  // A day in one stretch, decoded whole, as before decision 0036's stretches: the same run, to compare.
  if (chosen.includes('whatif-whole'))
    line('warm what-if (+2 agents, k=2), two passes, each day decoded whole', `${DAYS} days`, await replay(start, whatIf, true, false, Infinity));
  if (chosen.includes('warm-whole')) line('warm, one pass, each day decoded whole', `${DAYS} days`, await replay(start, {}, true, false, Infinity));
  if (chosen.includes('whatif-engine'))
    line('warm what-if (+2 agents, k=2), two passes, the first a reader engine', `${DAYS} days`, await replay(start, whatIf, false));
  unlock();
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
