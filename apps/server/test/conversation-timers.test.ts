import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@switchboard/core';
import { runConversationTimers } from '../src/policy/conversation-timers.ts';
import { freshPostgresDatabase, startTestServer, type TestServer } from './harness.ts';

/** R13 with a fake clock: every deadline is a stored column fired by runConversationTimers. */
async function setup(s: TestServer) {
  const channelId = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id as string;
  const agent = async (name: string) => {
    const id = (await s.api('POST', '/agents', { name, email: `${name}@example.com`, capacity: 5 })).body.id as string;
    await s.api('PUT', `/agents/${id}/presence`, { presence: 'ready' });
    return id;
  };
  const customer = (externalId: string, text = 'help') => s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId }, text });
  const ask = async (externalId: string) => (await customer(externalId)).body.conversationId as string;
  const get = async (id: string) => (await s.api('GET', `/conversations/${id}`)).body;
  const reply = (id: string, agentId: string, text = 'Hello!') => s.api('POST', `/conversations/${id}/messages`, { text, agentId });
  const events = async (id: string) => (await s.api('GET', `/conversations/${id}/events`)).body.items as Array<{ type: string; cause: string; from: string; to: string; data: any }>;
  const systemTexts = async (id: string) => ((await s.api('GET', `/conversations/${id}/messages`)).body.items as Array<{ sender: string; text: string }>).filter((m) => m.sender === 'system').map((m) => m.text);
  return { agent, customer, ask, get, reply, events, systemTexts };
}

describe('timers while an agent has it (R13)', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup) await c();
  });

  it('first reply: a silent agent loses it back to routing with its key, and another agent gets it; a reply in time keeps it', async () => {
    const s = await startTestServer();
    cleanup.push(() => s.close());
    const { agent, ask, get, reply, events } = await setup(s);
    await s.api('PATCH', '/settings/routing', { firstReplySeconds: 30 });
    const a = await agent('a');
    s.clock.advance(1000);
    const b = await agent('b');
    const conv = await ask('silent');
    const before = await get(conv);
    const first = before.assigneeId as string;
    expect([a, b]).toContain(first);
    s.clock.advance(29_999);
    expect(await runConversationTimers(s.container.deps)).toBe(0);
    s.clock.advance(1);
    expect(await runConversationTimers(s.container.deps)).toBe(1);
    const after = await get(conv);
    expect(after).toMatchObject({ status: 'processing', queueKey: before.queueKey });
    expect(after.assigneeId).toBe(first === a ? b : a);
    const history = await events(conv);
    expect(history.find((e) => e.type === 'timer_fired')).toMatchObject({ cause: 'first_reply', data: { kind: 'first_reply', agentId: first } });
    expect(history.find((e) => e.type === 'status_changed' && e.cause === 'first_reply_timeout')).toMatchObject({ from: 'processing', to: 'waiting' });
    // The new agent's own first-reply clock started at its assignment; it answers in time and keeps it.
    s.clock.advance(10_000);
    expect((await reply(conv, after.assigneeId)).status).toBe(201);
    s.clock.advance(60_000);
    await runConversationTimers(s.container.deps);
    expect((await get(conv)).assigneeId).toBe(after.assigneeId);
  });

  it('customer idle: the reminder after customerIdleSeconds, then completed customer_idle; an answer cancels the close', async () => {
    const s = await startTestServer();
    cleanup.push(() => s.close());
    const { agent, ask, customer, get, reply, events, systemTexts } = await setup(s);
    await s.api('PATCH', '/settings/routing', { customerIdleSeconds: 60, customerIdleCloseSeconds: 120, customerIdleMessage: 'Still there?' });
    const a = await agent('a');
    const quiet = await ask('quiet');
    const chatty = await ask('chatty');
    s.clock.advance(1000); // the agent answers after the customer wrote (core compares times)
    await reply(quiet, a);
    await reply(chatty, a);
    s.clock.advance(60_000);
    expect(await runConversationTimers(s.container.deps)).toBe(2);
    expect(await systemTexts(quiet)).toEqual(['Still there?']);
    await customer('chatty', 'yes, sorry!');
    s.clock.advance(119_999);
    await runConversationTimers(s.container.deps);
    expect((await get(quiet)).status).toBe('processing');
    s.clock.advance(1);
    await runConversationTimers(s.container.deps);
    expect(await get(quiet)).toMatchObject({ status: 'completed', closeReason: 'customer_idle' });
    expect((await events(quiet)).filter((e) => e.type === 'timer_fired').map((e) => e.cause)).toEqual(['idle_reminder', 'idle_close']);
    expect(await get(chatty)).toMatchObject({ status: 'processing', assigneeId: a });
    expect((await s.api('GET', '/routing')).body.agents[0].load).toBe(1);
    // Nothing is due any more: the chatty customer's stale deadline was recomputed to none.
    s.clock.advance(3_600_000);
    expect(await runConversationTimers(s.container.deps)).toBe(0);
  });

  it('an idle deadline pending at shutdown fires after a restart (the deadline is stored)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sb-idle-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const databaseUrl = await freshPostgresDatabase();
    const where = databaseUrl ? { databaseUrl } : { dataDir };
    const clock = new FakeClock(Date.UTC(2026, 10, 24, 10));
    const first = await startTestServer({ ...where, clock, adminToken: 'idle-restart-token' });
    const one = await setup(first);
    await first.api('PATCH', '/settings/routing', { firstReplySeconds: 20, customerIdleSeconds: 60 });
    const a = await one.agent('a');
    const conv = await one.ask('gone');
    await first.close();

    clock.advance(21_000);
    const second = await startTestServer({ ...where, clock, adminToken: 'idle-restart-token' });
    cleanup.push(() => second.close());
    const two = await setup(second);
    expect(await runConversationTimers(second.container.deps)).toBe(1);
    // The only agent was the silent one: back in the queue, the agent kept out of it only by preference.
    const history = await two.events(conv);
    expect(history.filter((e) => e.type === 'timer_fired').map((e) => e.cause)).toEqual(['first_reply']);
    expect((await two.get(conv)).assigneeId).toBe(a);
    await two.reply(conv, a);
    await second.close();

    clock.advance(61_000);
    const third = await startTestServer({ ...where, clock, adminToken: 'idle-restart-token' });
    cleanup.push(() => third.close());
    const three = await setup(third);
    expect(await runConversationTimers(third.container.deps)).toBe(1);
    expect(await three.systemTexts(conv)).toEqual([expect.stringContaining('Are you still there?')]);
  });
});
