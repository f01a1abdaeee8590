import type { RoutingEngine, RoutingEvent } from '../../../src/index.ts';
import { expect, type SpecModel } from './spec-model.ts';
import { mayRelax, relaxationDue } from './spec-policy.ts';

/**
 * Checks once an event has settled: the engine agrees with the model (I1,
 * loads, stats, deadline), and I3, I5 and R3 hold on the model.
 */
export function checkSettled(model: SpecModel, engine: RoutingEngine, event: RoutingEvent): void {
  checkAgreement(model, engine);
  const dispatching = model.dispatching();
  const limit = model.limit();
  expect(dispatching.length <= limit, `I3: ${dispatching.length} dispatching > L = ${limit}`);
  checkWorkConservation(model, dispatching.length, limit);
  for (const c of model.conversations.values()) {
    const due = relaxationDue(c, model.agents.values(), model.now);
    expect(due === null, `R10: ${c.id} should have relaxed (${due}) and still requires [${c.skills}]`);
  }
  if (event.type === 'tick') {
    for (const c of dispatching) expect(!c.offer || c.offer.expiresAt > model.now, `offer of ${c.id} outlived its tick`);
  }
}

function checkAgreement(model: SpecModel, engine: RoutingEngine): void {
  const snapshot = engine.snapshot();
  expect(snapshot.conversations.length === model.conversations.size, `engine has ${snapshot.conversations.length} conversations, model ${model.conversations.size}`);
  for (const c of model.conversations.values()) {
    const seen = engine.conversation(c.id);
    expect(!!seen, `engine lost ${c.id}`);
    expect(seen?.status === c.status, `I1: ${c.id} is ${seen?.status} in the engine, ${c.status} by its decisions`);
    expect((seen?.agentId ?? null) === (c.status === 'processing' ? c.agentId : null), `I1: ${c.id} agent ${seen?.agentId} vs ${c.agentId}`);
    expect(JSON.stringify(seen?.offer ?? null) === JSON.stringify(c.offer), `${c.id} offer ${JSON.stringify(seen?.offer)} vs ${JSON.stringify(c.offer)}`);
    expect(seen?.skills.join() === c.skills.join() && (seen?.relaxAt ?? null) === c.relaxAt, `${c.id} requires [${seen?.skills}] relaxAt ${seen?.relaxAt}, model [${c.skills}] ${c.relaxAt}`);
    expect(JSON.stringify(seen?.declinedBy) === JSON.stringify(c.declinedBy), `${c.id} declinedBy ${JSON.stringify(seen?.declinedBy)} vs ${JSON.stringify(c.declinedBy)}`);
    if (c.status === 'processing') expect(model.agents.has(c.agentId as string), `I1: ${c.id} processing by missing agent ${c.agentId}`);
    if (c.offer) expect(model.agents.get(c.offer.agentId)?.presence === 'ready', `${c.id} offered to non-ready ${c.offer.agentId}`);
  }
  for (const a of snapshot.agents) {
    const m = model.agents.get(a.id);
    expect(!!m && m.presence === a.presence, `agent ${a.id} presence ${a.presence} vs ${m?.presence}`);
    expect(m?.lastAssignedAt === a.lastAssignedAt, `agent ${a.id} lastAssignedAt ${a.lastAssignedAt} vs ${m?.lastAssignedAt}`);
    expect(engine.agentLoad(a.id) === model.load(a.id), `agent ${a.id} load ${engine.agentLoad(a.id)} vs ${model.load(a.id)}`);
  }
  const stats = engine.stats();
  const waiting = [...model.conversations.values()].filter((c) => c.status === 'waiting').length;
  expect(stats.waiting === waiting && stats.dispatching === model.dispatching().length, `stats ${JSON.stringify(stats)}`);
  expect(stats.readyAgents === model.readyCount() && stats.dispatchLimit === model.limit(), `stats limit ${JSON.stringify(stats)}`);
  const expiries = model.dispatching().flatMap((c) => (c.offer ? [c.offer.expiresAt] : []));
  for (const c of model.conversations.values()) if (mayRelax(c) && c.relaxAt !== null) expiries.push(c.relaxAt);
  const deadline = expiries.length > 0 ? Math.min(...expiries) : null;
  expect(engine.nextDeadline() === deadline, `nextDeadline ${engine.nextDeadline()} vs ${deadline}`);
}

/** I5, and R3's "nothing dispatchable is left waiting below the limit". */
function checkWorkConservation(model: SpecModel, dispatchingCount: number, limit: number): void {
  const conversations = [...model.conversations.values()];
  const free = conversations.filter((c) => c.status === 'dispatching' && c.offer === null);
  const waiting = conversations.filter((c) => c.status === 'waiting');
  const readyIds = [...model.agents.keys()].filter((id) => model.agents.get(id)?.presence === 'ready');
  const spare = readyIds.filter((id) => model.spare(id));
  for (const id of spare) {
    for (const c of free) expect(!model.qualifies(id, c), `I5: ${id} is free and qualifies for dispatching ${c.id}`);
    if (dispatchingCount < limit || free.length > 0) {
      for (const c of waiting) expect(!model.qualifies(id, c), `I5: ${id} is free and qualifies for waiting ${c.id}`);
    }
  }
  if (dispatchingCount < limit && spare.length > 0) {
    for (const c of waiting) {
      expect(!readyIds.some((id) => model.qualifies(id, c)), `R3: ${c.id} waits below the limit with a qualifying ready agent`);
    }
  }
}
