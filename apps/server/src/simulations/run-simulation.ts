import {
  DecisionCheck,
  LineCheck,
  DRAIN_MS,
  FactsReader,
  FactsRecorder,
  RecordingReader,
  Simulator,
  agentsNeeded,
  decisionLine,
  isWhatIf,
  type DayFacts,
  type DecisionLine,
  type ReplayResult,
  type RoutingDecision,
  type StaffingAnswer,
  type WhatIfOverrides,
} from '@switchboard/core';
import type { Database } from '../db/database.ts';
import { countInputs, inputPages, recordedAwayPages, recordedDecisionPages, type InputPage } from './history-reader.ts';
import { breathe, readAhead } from './read-ahead.ts';

/** Inputs simulated between two turns of the event loop (~50 ms of work; a day is ~170,000 at 1,000 agents). */
const STRETCH = 5_000;

/**
 * Counts the inputs fed and, every STRETCH of them, lets the event loop run (a page read ahead is taken off its socket
 * as it comes, and no reply waits behind a long synchronous stretch past the database client's timeout).
 */
class Stretches {
  private fed = 0;

  /** True when the caller should yield now. */
  tick(): boolean {
    if (++this.fed < STRETCH) return false;
    this.fed = 0;
    return true;
  }
}
/** History pages read ahead of the check: PostgreSQL reads them while the simulation runs. */
const HISTORY_AHEAD = 3;

export interface SimulationRequest {
  from: number;
  to: number;
  overrides: WhatIfOverrides;
}

export interface SimulationSettings {
  serviceLevelSeconds: number;
  serviceLevelTarget: number;
  shortAbandonSeconds: number;
}

export interface SimulationOutcome extends ReplayResult {
  /** Null for a what-if: only a replay with no overrides must reproduce the recording. */
  reproduced: boolean | null;
  check: { compared: number; firstDifference: { index: number; recorded: string | null; simulated: string | null } | null } | null;
  staffing: Array<{ skills: string[]; arrivalsPerHour: number; handleSeconds: number; capacity: number } & StaffingAnswer>;
  elapsedMs: number;
}

/**
 * For bench/replay: every decision line the simulation makes; `historyCheck: false` skips the comparison with
 * conversation_events; `storedFacts: false` learns every day's facts as it reads it (as for days compacted before
 * migration 20261201T1320), and a what-if's first pass runs the reader engine over every input (as before decision
 * 0029), to measure what the stored facts save.
 */
export interface SimulationHooks {
  observe?: (line: DecisionLine) => void;
  historyCheck?: boolean;
  storedFacts?: boolean;
  /** Tests: a compacted day comes in stretches of this many inputs (history-reader.ts DAY_STRETCH otherwise). */
  dayStretch?: number;
}

/**
 * Runs a replay or what-if over the stored recording, read page by page: a
 * what-if in two passes (pass 1 learns the whole recording from the reader
 * facts, without an engine, pass 2 simulates), a replay in one: the simulator alone over compacted days, from
 * the reader facts stored with them, and beside a reader (a FactsRecorder)
 * over inputs without facts. A replay's decisions are compared as they come
 * with the decisions in the history (read in pages too), so neither side is
 * ever held whole.
 */
export async function runSimulation(
  db: Database,
  workspaceId: string,
  request: SimulationRequest,
  settings: SimulationSettings,
  progress: (share: number) => Promise<void> = async () => {},
  hooks: SimulationHooks = {},
): Promise<SimulationOutcome> {
  const started = performance.now();
  const end = request.to + DRAIN_MS;
  const options = {
    from: request.from,
    to: request.to,
    overrides: request.overrides,
    serviceLevelSeconds: settings.serviceLevelSeconds,
    shortAbandonSeconds: settings.shortAbandonSeconds,
  };
  const total = Math.max(1, await countInputs(db, workspaceId, request.from, end));
  const replaying = !isWhatIf(request.overrides);
  // A what-if reads the recording twice (pass 1 learns it whole); a replay once.
  const passes = replaying ? 1 : 2;
  let read = 0;
  // A what-if's first pass: from the facts (stored with the days, learned now for inputs without them; decision 0029), or,
  // for bench/replay's comparison (`storedFacts: false`), a reader engine over every input.
  let reader: RecordingReader | FactsReader | null = null;
  const rolesOfPages: string[] = [];
  if (!replaying) {
    const fromFacts = hooks.storedFacts !== false;
    reader = fromFacts ? new FactsReader(end, options, { whatIf: true }) : new RecordingReader(end, options);
    const learn = new PageFacts();
    const stretches = new Stretches();
    for await (const page of readAhead(inputPages(db, workspaceId, request.from, end, { offers: true, stretch: hooks.dayStretch }))) {
      if (reader instanceof FactsReader) {
        const known = learn.of(page);
        const offset = page.first ?? 0;
        rolesOfPages.push(known.roles);
        for (let i = 0; i < page.inputs.length; i++) {
          reader.feed(page.inputs[i], known, offset + i);
          if (stretches.tick()) await breathe();
        }
      } else for (const input of page.inputs) reader.feed(input);
      read += page.inputs.length;
      await progress(Math.min(0.5, read / total / passes));
    }
  }
  const facts = replaying ? new FactsReader(end, options) : null;
  const recording = reader instanceof FactsReader ? reader.recording() : reader ? reader.result() : null;
  const sim = new Simulator(facts ?? recording!, { ...options, end });
  const check = replaying && hooks.historyCheck !== false ? await checker(db, workspaceId, request.from, end) : null;
  if (check) sim.run.observers.push((d, at) => at >= request.from && check.simulated(d, at));
  const { observe } = hooks;
  if (observe) sim.run.observers.push((d, at) => at >= request.from && observe(decisionLine(d, at)));
  const first = read;
  const learn = new PageFacts();
  const stretches = new Stretches();
  let pageNo = 0;
  for await (const stored of readAhead(inputPages(db, workspaceId, request.from, end, { offers: !replaying, stretch: hooks.dayStretch }))) {
    const page = hooks.storedFacts === false && stored.facts ? { inputs: stored.inputs.filter((i) => i.at < end), facts: null } : stored;
    const { inputs } = page;
    const offset = page.first ?? 0;
    if (facts) {
      const known = learn.of(page);
      for (let i = 0; i < inputs.length; i++) {
        facts.feed(inputs[i], known, offset + i);
        sim.feed(inputs[i]);
        if (stretches.tick()) {
          await breathe();
          // Compared as they come, a stretch at a time: a decision lives a few milliseconds, not a day (the garbage collector's young generation takes it).
          if (check) await check.catchUp();
        }
      }
    } else if (reader instanceof FactsReader) {
      // The second pass: each input's role as the first pass read it (the same pages, in the same order).
      const roles = rolesOfPages[pageNo];
      for (let i = 0; i < inputs.length; i++) {
        reader.position(roles, offset + i);
        sim.feed(inputs[i]);
        if (stretches.tick()) await breathe();
      }
    } else for (const input of inputs) sim.feed(input);
    pageNo++;
    read += inputs.length;
    if (check) await check.catchUp();
    await progress(Math.min(0.99, (passes === 2 ? 0.5 : 0) + (read - first) / total / passes));
  }
  const result = sim.result();
  const reproduced = check ? await check.finish() : null;
  return {
    ...result,
    reproduced,
    check: check ? check.summary() : null,
    staffing: staffingOf(result, facts ? facts.handleTimes() : recording!.handleTimes, request, settings, sim.capacityOfAgents()),
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** A page's reader facts: stored with a compacted day, or learned now by a reader that runs on across pages without them. */
class PageFacts {
  private recorder: FactsRecorder | null = null;

  of(page: InputPage): DayFacts {
    if (page.facts) {
      this.recorder = null;
      return page.facts;
    }
    if (page.before !== undefined || !this.recorder) this.recorder = new FactsRecorder(page.before ?? null);
    for (const input of page.inputs) this.recorder.feed(input);
    return this.recorder.take();
  }
}

/**
 * Two comparisons, each fed from its own pages: the conversation decisions in history order, as text pages of
 * decision lines (LineCheck, decision 0048-history-check-as-text), and the missed-offer aways in theirs, as decisions.
 */
async function checker(db: Database, workspaceId: string, from: number, end: number) {
  const decisions = new LineCheck();
  const aways = new DecisionCheck();
  const recordedDecisions = readAhead(recordedDecisionPages(db, workspaceId, from, end), HISTORY_AHEAD);
  const recordedAways = readAhead(recordedAwayPages(db, workspaceId, from, end), HISTORY_AHEAD);
  // Recorded pages are read only a few pages ahead of the simulation: memory stays at a few pages.
  const pullLines = async () => {
    const page = await recordedDecisions.next();
    if (page.done) return false;
    decisions.recorded(page.value);
    return true;
  };
  const pullAways = async () => {
    const page = await recordedAways.next();
    if (page.done) return false;
    for (const { decision, at } of page.value) aways.recorded(decision, at);
    return true;
  };
  let decisionsLeft = true;
  let awaysLeft = true;
  return {
    simulated(d: RoutingDecision, at: number) {
      (d.type === 'agent_away' ? aways : decisions).simulated(d, at);
    },
    async catchUp() {
      while (decisionsLeft && decisions.unmatched > 0 && !decisions.firstDifference) decisionsLeft = await pullLines();
      while (awaysLeft && aways.unmatched > 0 && !aways.firstDifference) awaysLeft = await pullAways();
    },
    async finish() {
      while (decisionsLeft) decisionsLeft = await pullLines();
      while (awaysLeft) awaysLeft = await pullAways();
      const a = decisions.finish();
      const b = aways.finish();
      return a && b;
    },
    summary() {
      return { compared: decisions.matched + aways.matched, firstDifference: decisions.firstDifference ?? aways.firstDifference };
    },
  };
}

function staffingOf(
  result: ReplayResult,
  handleTimes: Map<string, number[]>,
  request: SimulationRequest,
  settings: SimulationSettings,
  capacity: number,
): SimulationOutcome['staffing'] {
  const hours = (request.to - request.from) / 3_600_000;
  return result.queues.flatMap((q) => {
    const times = handleTimes.get(q.skills.join(','));
    if (!times || times.length === 0 || q.recorded.conversations === 0) return [];
    const handleSeconds = times.reduce((a, b) => a + b, 0) / times.length / 1000;
    const arrivalsPerHour = q.recorded.conversations / hours;
    const answer = agentsNeeded({
      arrivalsPerHour,
      handleSeconds,
      capacity,
      thresholdSeconds: settings.serviceLevelSeconds,
      target: settings.serviceLevelTarget,
    });
    return [
      { skills: q.skills, arrivalsPerHour: Math.round(arrivalsPerHour * 100) / 100, handleSeconds: Math.round(handleSeconds * 10) / 10, capacity, ...answer },
    ];
  });
}
