import fc from 'fast-check';
import { expect } from 'vitest';
import { runDueTimers } from '../../src/scheduler/due-timers.ts';
import type { TestServer } from '../harness.ts';

/**
 * Random API traffic for the replay tests (simulations.test.ts,
 * replay-days.test.ts): ops drawn by fast-check, run against a real test
 * server through its HTTP API and fake clock, so the server records them as
 * it routes them.
 */
export type Op =
  | { kind: 'agent'; skills: string[]; capacity: number }
  | { kind: 'presence'; agent: number; presence: 'ready' | 'away' | 'offline' }
  | { kind: 'capacity'; agent: number; capacity: number }
  | { kind: 'ask'; channel: number }
  | { kind: 'leave'; pick: number }
  | { kind: 'close'; pick: number }
  | { kind: 'answer'; pick: number; accept: boolean }
  | { kind: 'transfer'; pick: number }
  | { kind: 'dispatch'; k: number }
  | { kind: 'wait'; ms: number };

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('agent' as const), skills: fc.subarray(['en', 'ja']), capacity: fc.integer({ min: 1, max: 3 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('presence' as const),
      agent: fc.nat(),
      presence: fc.constantFrom('ready' as const, 'ready' as const, 'away' as const, 'offline' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('capacity' as const), agent: fc.nat(), capacity: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('ask' as const), channel: fc.nat({ max: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('close' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('answer' as const), pick: fc.nat(), accept: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('transfer' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dispatch' as const), k: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.constantFrom(0, 1_000, 5_000, 20_000, 31_000) }) },
);

export class Driver {
  agents: string[] = [];
  channels: string[] = [];
  open: Array<{ id: string; channel: string; externalId: string }> = [];
  private n = 0;

  constructor(private readonly s: TestServer) {}

  async setup(readyAgents = 0) {
    for (const skills of [['en'], []])
      this.channels.push((await this.s.api('POST', '/channels', { type: 'api', name: `api-${skills.length}`, bot: false, skills })).body.id);
    // Ready agents from the start, so every run's hand-offs meet someone (the random ops may add, change or
    // take away more): the property compares decisions in each run, whatever fast-check's seed draws.
    for (let i = 0; i < readyAgents; i++) {
      const res = await this.s.api('POST', '/agents', { name: `Ready ${i}`, email: `ready${i}@example.com`, skills: ['en'], capacity: 2 });
      expect(res.status).toBe(201);
      this.agents.push(res.body.id);
      expect((await this.s.api('PUT', `/agents/${res.body.id}/presence`, { presence: 'ready' })).status).toBe(200);
    }
  }

  private pick<T>(items: T[], n: number): T | undefined {
    return items.length ? items[n % items.length] : undefined;
  }

  private async withStatus(status: string[]) {
    const list = (await this.s.api('GET', '/conversations?limit=200')).body.items as Array<{
      id: string;
      status: string;
      offer: { agentId: string } | null;
      assigneeId: string | null;
    }>;
    return list.filter((c) => status.includes(c.status));
  }

  async run(op: Op) {
    const { api, clock } = this.s;
    switch (op.kind) {
      case 'agent': {
        if (this.agents.length >= 4) return;
        const res = await api('POST', '/agents', {
          name: `A${this.n}`,
          email: `a${this.n++}-${clock.now()}@example.com`,
          skills: op.skills,
          capacity: op.capacity,
        });
        this.agents.push(res.body.id);
        return;
      }
      case 'presence': {
        const id = this.pick(this.agents, op.agent);
        if (id) await api('PUT', `/agents/${id}/presence`, { presence: op.presence });
        return;
      }
      case 'capacity': {
        const id = this.pick(this.agents, op.agent);
        if (id) await api('PATCH', `/agents/${id}`, { capacity: op.capacity });
        return;
      }
      case 'ask': {
        const channel = this.channels[op.channel];
        const externalId = `c${this.n++}`;
        const res = await api('POST', `/channels/${channel}/inbound`, { contact: { externalId }, text: 'help' });
        this.open.push({ id: res.body.conversationId, channel, externalId });
        return;
      }
      case 'leave': {
        const queued = await this.withStatus(['waiting', 'dispatching']);
        const c = this.pick(queued, op.pick);
        const known = c && this.open.find((o) => o.id === c.id);
        if (known) await api('POST', `/channels/${known.channel}/leave`, { contact: { externalId: known.externalId } });
        return;
      }
      case 'close': {
        const c = this.pick(await this.withStatus(['processing']), op.pick);
        if (c) await api('POST', `/conversations/${c.id}/close`, { agentId: c.assigneeId });
        return;
      }
      case 'answer': {
        const c = this.pick(
          (await this.withStatus(['dispatching'])).filter((x) => x.offer),
          op.pick,
        );
        if (c) await api('POST', `/conversations/${c.id}/${op.accept ? 'accept' : 'reject'}`, { agentId: c.offer!.agentId });
        return;
      }
      case 'transfer': {
        const c = this.pick(await this.withStatus(['processing']), op.pick);
        if (c) await api('POST', `/conversations/${c.id}/transfer`, { skills: ['ja'], agentId: undefined });
        return;
      }
      case 'dispatch':
        await api('PATCH', '/settings/routing', { dispatchPerAgent: op.k });
        return;
      case 'wait':
        clock.advance(op.ms);
        await runDueTimers(this.s.container.deps);
        return;
    }
  }
}
