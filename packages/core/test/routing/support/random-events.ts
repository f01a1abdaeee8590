import fc from 'fast-check';
import {
  handoffIntake,
  RoutingEngine,
  type AgentPresence,
  type BusinessHours,
  type HandoffIntake,
  type AgentState,
  type RelaxationPolicy,
  type RoutingDecision,
  type RoutingEvent,
  type RoutingSettings,
  type RoutingSnapshot,
} from '../../../src/index.ts';
import { checkSettled } from './settled-checks.ts';
import { SpecModel } from './spec-model.ts';

/**
 * Random scenarios: a starting snapshot and a list of abstract operations.
 * Operations pick their targets (a pending offer, a processing conversation)
 * from the model's current state, so most events are meaningful; a few are
 * deliberately stale to exercise the engine's no-op paths.
 */

const SKILLS = ['en', 'ja', 'zh', 'vip'];
const AGENT_IDS = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'];
const PRESENCES: AgentPresence[] = ['ready', 'ready', 'away', 'offline'];

type Op =
  | { kind: 'handoff'; skills: number; priority: number; lastAgent: number; relax: Relax | null }
  /** R11: a customer asks for a person; the scenario's schedule decides (queue, stay with the bot, complete). */
  | { kind: 'intake'; skills: number; priority: number; lastAgent: number; relax: Relax | null; channelHasBot: boolean }
  | { kind: 'upsert'; agent: AgentState }
  | { kind: 'presence'; agent: number; presence: AgentPresence }
  | { kind: 'remove'; agent: number }
  | { kind: 'accept' | 'reject'; pick: number; stale: boolean }
  | { kind: 'tick' }
  | { kind: 'close'; pick: number }
  | { kind: 'transfer_agent'; pick: number; agent: number }
  | { kind: 'transfer_skills'; pick: number; skills: number }
  | { kind: 'agent_started'; agent: number; skills: number }
  | { kind: 'first_reply'; pick: number; stale: boolean }
  | { kind: 'settings'; settings: RoutingSettings };

/** R10 policy of a handoff: relaxTo as a skill mask (0 = any agent), after some seconds and/or when none online. */
interface Relax {
  to: number;
  afterSeconds: number | null;
  whenNoneOnline: boolean;
}

export interface Scenario {
  snapshot: RoutingSnapshot;
  steps: { op: Op; advance: number }[];
  /** R11 for `intake` operations: the schedule (null = always open), queueOutsideHours, and when the clock starts. */
  hours?: { schedule: BusinessHours | null; queueOutsideHours: boolean; start: number };
}

const lunchDay = [['09:00', '12:00'], ['13:00', '18:00']] as Array<[string, string]>;
const weekdays = (day: Array<[string, string]>) => ({ mon: day, tue: day, wed: day, thu: day, fri: day });
/** Four zones, lunch breaks, a night shift across midnight, a closed date, a special date. */
const SCHEDULES: BusinessHours[] = [
  { timezone: 'Asia/Taipei', weekly: weekdays(lunchDay), closedDates: ['2026-12-25'] },
  { timezone: 'Asia/Tokyo', weekly: { ...weekdays([['09:00', '18:00']]), sat: [['10:00', '14:00']] } },
  { timezone: 'Europe/London', weekly: { fri: [['22:00', '24:00']], sat: [['00:00', '06:00']] }, specialDates: { '2026-03-29': [['01:30', '03:00']] } },
  { timezone: 'America/New_York', weekly: weekdays([['08:00', '17:00']]) },
];
/**
 * Clock starts a few minutes before a boundary, so a scenario's minutes
 * cross it: Taipei lunch (Tue 1 Dec 2026 11:55), Tokyo closing (Fri 27 Nov
 * 17:50), London's night shift opening (Fri 27 Nov 21:50), New York's DST
 * change (Sun 1 Nov 2026 01:50, closed), Christmas in Taipei.
 */
const STARTS = [Date.UTC(2026, 11, 1, 3, 55), Date.UTC(2026, 10, 27, 8, 50), Date.UTC(2026, 10, 27, 21, 50), Date.UTC(2026, 10, 1, 5, 50), Date.UTC(2026, 11, 25, 2, 0)];
const hoursArb = fc.record({
  schedule: fc.option(fc.constantFrom(...SCHEDULES), { freq: 6 }),
  queueOutsideHours: fc.boolean(),
  start: fc.constantFrom(...STARTS),
});

// Mostly one skill or none, as channels usually require; combinations now and then.
const skillMask = fc.constantFrom(0, 1, 1, 2, 2, 4, 3, 9, 15);
const agentIndex = fc.nat({ max: AGENT_IDS.length - 1 });

const agentArb: fc.Arbitrary<AgentState> = fc.record({
  id: fc.constantFrom(...AGENT_IDS),
  presence: fc.constantFrom(...PRESENCES),
  capacity: fc.constantFrom(0, 1, 2, 2, 3, 5),
  skills: fc.array(fc.constantFrom(0, 1, 2, 3, 4, 5), { minLength: 4, maxLength: 4 }).map(levelsToSkills),
  lastAssignedAt: fc.nat({ max: 1000 }),
});

const settingsArb: fc.Arbitrary<RoutingSettings> = fc.record({
  mode: fc.constantFrom('auto' as const, 'offer' as const),
  dispatchPerAgent: fc.integer({ min: 0, max: 4 }),
  offerTimeoutMs: fc.constantFrom(5_000, 30_000),
  stickyAgent: fc.boolean(),
  offlinePolicy: fc.constantFrom('keep' as const, 'requeue' as const),
});

const relaxArb: fc.Arbitrary<Relax | null> = fc.option(
  fc.record({ to: fc.constantFrom(0, 0, 1, 2), afterSeconds: fc.constantFrom(null, 0, 5, 30), whenNoneOnline: fc.boolean() }),
  { freq: 2 },
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('handoff' as const),
      skills: skillMask,
      priority: fc.constantFrom(0, 0, 0, 5, 1000),
      lastAgent: fc.integer({ min: -4, max: 5 }),
      relax: relaxArb,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('intake' as const),
      skills: skillMask,
      priority: fc.constantFrom(0, 0, 5),
      lastAgent: fc.integer({ min: -4, max: 5 }),
      relax: relaxArb,
      channelHasBot: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('upsert' as const), agent: agentArb }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('presence' as const), agent: agentIndex, presence: fc.constantFrom(...PRESENCES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), agent: agentIndex }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constantFrom('accept' as const, 'reject' as const), pick: fc.nat(), stale: fc.constantFrom(false, false, false, true) }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'tick' as const }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('close' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('transfer_agent' as const), pick: fc.nat(), agent: agentIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('transfer_skills' as const), pick: fc.nat(), skills: skillMask }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('agent_started' as const), agent: agentIndex, skills: skillMask }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('first_reply' as const), pick: fc.nat(), stale: fc.constantFrom(false, false, false, true) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('settings' as const), settings: settingsArb }) },
);

export function scenarioArb(maxSteps: number, mode?: RoutingSettings['mode']): fc.Arbitrary<Scenario> {
  const scenario = fc.record({
    hours: hoursArb,
    snapshot: fc.record({
      settings: settingsArb,
      agents: fc.uniqueArray(agentArb, { selector: (a) => a.id, minLength: 1, maxLength: 5 }),
      conversations: fc.constant([]),
    }),
    steps: fc.array(fc.record({ op: opArb, advance: fc.constantFrom(0, 0, 1_000, 4_000, 12_000, 40_000) }), { minLength: Math.min(10, maxSteps), maxLength: maxSteps, size: 'max' }),
  });
  return mode ? scenario.map((sc) => inMode(sc, mode)) : scenario;
}

/** The scenario with one routing mode throughout (its settings changes keep the mode). */
function inMode(sc: Scenario, mode: RoutingSettings['mode']): Scenario {
  const steps = sc.steps.map((st) => (st.op.kind === 'settings' ? { ...st, op: { ...st.op, settings: { ...st.op.settings, mode } } } : st));
  return { ...sc, snapshot: { ...sc.snapshot, settings: { ...sc.snapshot.settings, mode } }, steps };
}

export interface Run {
  events: { event: RoutingEvent; now: number }[];
  decisions: RoutingDecision[][];
  /** Each `intake` operation's R11 answer, and the conversation it was for. */
  intakes: { id: string; intake: HandoffIntake; now: number; channelHasBot: boolean }[];
}

/** Drives engine and model side by side, checking every decision and every settled state. */
export function runChecked(scenario: Scenario): Run {
  const engine = new RoutingEngine(scenario.snapshot);
  const model = new SpecModel(scenario.snapshot);
  const run: Run = { events: [], decisions: [], intakes: [] };
  let now = scenario.hours?.start ?? 10_000;
  let serial = 0;
  for (const { op, advance } of scenario.steps) {
    now += advance;
    const nextId = () => `c${String(serial++).padStart(3, '0')}`;
    const event = op.kind === 'intake' ? intakeEvent(op, scenario, run, now, nextId) : toEvent(op, model, now, nextId);
    if (!event) continue;
    model.beforeEvent(event, now);
    const decisions = engine.apply(event, now);
    for (const d of decisions) model.step(d);
    checkSettled(model, engine, event);
    run.events.push({ event, now });
    run.decisions.push(decisions);
  }
  return run;
}

/**
 * R11 as the server applies it before routing: in hours, or out of hours with
 * queueOutsideHours, the handoff reaches the engine (an off-hours one is
 * routed like any other: agents who are ready out of hours still get work);
 * otherwise the conversation stays with the bot or is completed `off_hours`
 * and the engine never hears of it.
 */
function intakeEvent(op: Extract<Op, { kind: 'intake' }>, scenario: Scenario, run: Run, now: number, nextId: () => string): RoutingEvent | null {
  const hours = scenario.hours ?? { schedule: null, queueOutsideHours: true, start: 0 };
  const intake = handoffIntake({ schedule: hours.schedule, queueOutsideHours: hours.queueOutsideHours }, op.channelHasBot, now);
  const id = nextId();
  run.intakes.push({ id, intake, now, channelHasBot: op.channelHasBot });
  if (intake.action !== 'queue') return null;
  const lastAgentId = op.lastAgent >= 0 ? AGENT_IDS[op.lastAgent] : null;
  return { type: 'handoff', conversation: { id, skills: maskToSkills(op.skills), queueKey: now - op.priority * 1000, lastAgentId, relaxation: relaxationOf(op.relax) } };
}

function toEvent(op: Exclude<Op, { kind: 'intake' }>, model: SpecModel, now: number, nextId: () => string): RoutingEvent | null {
  const conversations = [...model.conversations.values()];
  const pick = <T>(items: T[], n: number): T | undefined => (items.length > 0 ? items[n % items.length] : undefined);
  switch (op.kind) {
    case 'handoff': {
      const lastAgentId = op.lastAgent >= 0 ? AGENT_IDS[op.lastAgent] : null;
      const relaxation = relaxationOf(op.relax);
      return { type: 'handoff', conversation: { id: nextId(), skills: maskToSkills(op.skills), queueKey: now - op.priority * 1000, lastAgentId, relaxation } };
    }
    case 'upsert':
      return { type: 'agent_upserted', agent: op.agent };
    case 'presence':
      return { type: 'presence_changed', agentId: AGENT_IDS[op.agent], presence: op.presence };
    case 'remove':
      return { type: 'agent_removed', agentId: AGENT_IDS[op.agent] };
    case 'accept':
    case 'reject': {
      const c = pick(conversations.filter((x) => x.offer !== null), op.pick);
      if (!c?.offer) return null;
      const agentId = op.stale ? 'a9' : c.offer.agentId;
      return { type: op.kind === 'accept' ? 'offer_accepted' : 'offer_rejected', conversationId: c.id, agentId };
    }
    case 'tick':
      return { type: 'tick' };
    case 'close': {
      const c = pick(conversations, op.pick);
      return c ? { type: 'conversation_closed', conversationId: c.id } : null;
    }
    case 'transfer_agent': {
      const c = pick(conversations, op.pick);
      return c ? { type: 'transferred_to_agent', conversationId: c.id, agentId: AGENT_IDS[op.agent] } : null;
    }
    case 'transfer_skills': {
      const c = pick(conversations, op.pick);
      return c ? { type: 'transferred_to_skills', conversationId: c.id, skills: maskToSkills(op.skills) } : null;
    }
    case 'agent_started':
      return { type: 'agent_started', conversation: { id: nextId(), skills: maskToSkills(op.skills), queueKey: now }, agentId: AGENT_IDS[op.agent] };
    case 'first_reply': {
      const c = pick(conversations.filter((x) => x.status === 'processing'), op.pick);
      if (!c?.agentId) return null;
      // Stale: the timer of an earlier assignee fires after the conversation moved on.
      return { type: 'first_reply_timeout', conversationId: c.id, agentId: op.stale ? 'a9' : c.agentId };
    }
    case 'settings':
      return { type: 'settings_changed', settings: op.settings };
    default: {
      const never: never = op;
      throw new Error(`unknown op ${JSON.stringify(never)}`);
    }
  }
}

function relaxationOf(relax: Relax | null): RelaxationPolicy | null {
  if (!relax) return null;
  return { relaxTo: maskToSkills(relax.to), relaxAfterSeconds: relax.afterSeconds, relaxWhenNoneOnline: relax.whenNoneOnline };
}

function maskToSkills(mask: number): string[] {
  return SKILLS.filter((_, i) => (mask >> i) & 1);
}

function levelsToSkills(levels: number[]): Record<string, number> {
  const skills: Record<string, number> = {};
  levels.forEach((level, i) => {
    if (level > 0) skills[SKILLS[i]] = level;
  });
  return skills;
}
