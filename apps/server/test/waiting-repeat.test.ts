import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@switchboard/core';
import { runConversationTimers } from '../src/policy/conversation-timers.ts';
import { runWaitingRepeats } from '../src/policy/waiting-repeat.ts';
import { freshPostgresDatabase, startTestServer, type TestServer } from './harness.ts';

/** R12's repetition and R13's requeue message, with a fake clock: every deadline a stored column. */
async function setup(s: TestServer, channelExtra: Record<string, unknown> = {}) {
  const channelId = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: false, ...channelExtra })).body.id as string;
  const agent = async (name: string, presence = 'ready') => {
    const id = (await s.api('POST', '/agents', { name, email: `${name}@example.com`, capacity: 1 })).body.id as string;
    await s.api('PUT', `/agents/${id}/presence`, { presence });
    return id;
  };
  const ask = async (externalId: string, channel = channelId) =>
    (await s.api('POST', `/channels/${channel}/inbound`, { contact: { externalId }, text: 'help' })).body.conversationId as string;
  const get = async (id: string) => (await s.api('GET', `/conversations/${id}`)).body;
  const systemTexts = async (id: string) =>
    ((await s.api('GET', `/conversations/${id}/messages`)).body.items as Array<{ sender: string; text: string }>)
      .filter((m) => m.sender === 'system')
      .map((m) => m.text);
  const policyEvents = async (id: string) =>
    ((await s.api('GET', `/conversations/${id}/events`)).body.items as Array<{ type: string; cause: string; data: any }>).filter(
      (e) => e.type === 'policy_message',
    );
  const repeatAt = async (id: string) => {
    const row = await s.container.deps.db.selectFrom('conversations').select('waiting_repeat_at').where('id', '=', id).executeTakeFirstOrThrow();
    return row.waiting_repeat_at === null || row.waiting_repeat_at === undefined ? null : Number(row.waiting_repeat_at);
  };
  return { channelId, agent, ask, get, systemTexts, policyEvents, repeatAt };
}

const WAITING_1 = 'You are number 1 in the queue. Estimated wait: as soon as an agent is free.';

describe('the waiting message every N minutes (R12)', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup) await c();
  });

  it('off by default: one waiting message, no deadline', async () => {
    const s = await startTestServer();
    cleanup.push(() => s.close());
    const { ask, systemTexts, repeatAt } = await setup(s);
    const conv = await ask('once');
    expect(await repeatAt(conv)).toBeNull();
    s.clock.advance(3600_000);
    expect(await runWaitingRepeats(s.container.deps)).toBe(0);
    expect(await systemTexts(conv)).toEqual([WAITING_1]);
  });

  it('repeats with the standing of the moment, exactly at each deadline, and stops once an agent has it', async () => {
    const s = await startTestServer();
    cleanup.push(() => s.close());
    const { ask, agent, get, systemTexts, policyEvents, repeatAt } = await setup(s);
    expect((await s.api('PATCH', '/settings/routing', { waitingRepeatSeconds: 300 })).status).toBe(200);
    const first = await ask('first');
    const second = await ask('second');
    expect(await repeatAt(second)).toBe(s.clock.now() + 300_000);
    s.clock.advance(299_999);
    expect(await runWaitingRepeats(s.container.deps)).toBe(0);
    s.clock.advance(1);
    expect(await runWaitingRepeats(s.container.deps)).toBe(2);
    expect(await systemTexts(second)).toEqual([
      'You are number 2 in the queue. Estimated wait: as soon as an agent is free.',
      'You are number 2 in the queue. Estimated wait: as soon as an agent is free.',
    ]);
    expect((await policyEvents(second)).at(-1)).toMatchObject({ cause: 'waiting', data: { position: 2, repeat: true } });
    // The first is taken: it stops repeating; the second moves up and hears so at its next deadline.
    const a = await agent('a');
    expect((await get(first)).assigneeId).toBe(a);
    expect(await repeatAt(first)).toBeNull();
    s.clock.advance(300_000);
    expect(await runWaitingRepeats(s.container.deps)).toBe(1);
    expect(await systemTexts(first)).toEqual([WAITING_1, WAITING_1]);
    expect((await systemTexts(second)).at(-1)).toBe(WAITING_1);
    // Closed: the deadline is found and dropped without a message.
    await s.api('POST', `/conversations/${second}/close`, {});
    s.clock.advance(300_000);
    expect(await runWaitingRepeats(s.container.deps)).toBe(1);
    expect(await systemTexts(second)).toHaveLength(3);
    expect(await repeatAt(second)).toBeNull();
    expect(await runWaitingRepeats(s.container.deps)).toBe(0);
  });

  it('a channel overrides the workspace (0 = never there); out of hours the next one waits for the opening', async () => {
    const s = await startTestServer({ clock: new FakeClock(Date.UTC(2026, 10, 27, 10)) }); // Friday 19:00 Tokyo
    cleanup.push(() => s.close());
    const { ask, systemTexts, repeatAt, channelId } = await setup(s, { waitingRepeatSeconds: 600 });
    const quiet = (await s.api('POST', '/channels', { type: 'api', name: 'Quiet', bot: false, waitingRepeatSeconds: 0 })).body;
    expect(quiet.waitingRepeatSeconds).toBe(0);
    await s.api('PATCH', '/settings/routing', { waitingRepeatSeconds: 120 });
    const weekday = [['09:00', '18:00']];
    await s.api('PUT', '/settings/business-hours', {
      timezone: 'Asia/Tokyo',
      weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
    });
    const night = await ask('night', channelId);
    const never = await ask('never', quiet.id);
    expect(await repeatAt(never)).toBeNull();
    const monday9 = Date.UTC(2026, 10, 30, 0); // Mon 09:00 Tokyo
    expect(await repeatAt(night)).toBe(monday9);
    s.clock.set(monday9 - 1);
    expect(await runWaitingRepeats(s.container.deps)).toBe(0);
    s.clock.set(monday9);
    expect(await runWaitingRepeats(s.container.deps)).toBe(1);
    expect(await systemTexts(night)).toEqual(["We're closed right now; agents are back Mon 09:00. You keep your place in the queue.", WAITING_1]);
    expect(await repeatAt(night)).toBe(monday9 + 600_000);
    expect(await systemTexts(never)).toHaveLength(1);
  });

  it('survives a restart: the deadline is a column, fired by the next process', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sb-repeat-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const databaseUrl = await freshPostgresDatabase();
    const where = databaseUrl ? { databaseUrl } : { dataDir };
    const clock = new FakeClock(Date.UTC(2026, 10, 24, 10));
    const first = await startTestServer({ ...where, clock, adminToken: 'repeat-restart-token' });
    const one = await setup(first);
    await first.api('PATCH', '/settings/routing', { waitingRepeatSeconds: 60 });
    const conv = await one.ask('patient');
    await first.close();
    clock.advance(60_000);
    const second = await startTestServer({ ...where, clock, adminToken: 'repeat-restart-token' });
    cleanup.push(() => second.close());
    const two = await setup(second);
    expect(await runWaitingRepeats(second.container.deps)).toBe(1);
    expect(await two.systemTexts(conv)).toEqual([WAITING_1, WAITING_1]);
  });
});

describe('after a first-reply requeue (R13) the customer hears it', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup) await c();
  });

  it('back in the queue: the waiting message again, with its repetition; given to another agent: being passed on', async () => {
    const s = await startTestServer();
    cleanup.push(() => s.close());
    const { ask, agent, get, systemTexts, policyEvents, repeatAt } = await setup(s);
    await s.api('PATCH', '/settings/routing', { firstReplySeconds: 30, waitingRepeatSeconds: 300 });
    const a = await agent('a');
    const conv = await ask('ignored');
    expect(await get(conv)).toMatchObject({ status: 'processing', assigneeId: a });
    expect(await systemTexts(conv)).toEqual([]);
    // The agent walked off without setting anything but away: nobody else is ready, so it waits.
    await s.api('PUT', `/agents/${a}/presence`, { presence: 'away' });
    s.clock.advance(30_000);
    expect(await runConversationTimers(s.container.deps)).toBe(1);
    expect(await get(conv)).toMatchObject({ status: 'waiting', queuePosition: 1 });
    expect(await systemTexts(conv)).toEqual([WAITING_1]);
    expect((await policyEvents(conv)).at(-1)).toMatchObject({ cause: 'waiting', data: { position: 1, after: 'first_reply_timeout' } });
    expect(await repeatAt(conv)).toBe(s.clock.now() + 300_000);

    const b = await agent('b');
    expect(await get(conv)).toMatchObject({ status: 'processing', assigneeId: b });
    s.clock.advance(30_000);
    const c = await agent('c');
    expect(await runConversationTimers(s.container.deps)).toBe(1);
    expect(await get(conv)).toMatchObject({ status: 'processing', assigneeId: c });
    expect((await systemTexts(conv)).at(-1)).toBe("We're passing you to another agent; they will be with you shortly.");
    expect((await policyEvents(conv)).at(-1)).toMatchObject({ cause: 'passed_on', data: { after: 'first_reply_timeout' } });
  });

  it('an agent who goes offline with offlinePolicy requeue: the customer is passed on, or hears where they stand again', async () => {
    const s = await startTestServer();
    cleanup.push(() => s.close());
    const { ask, agent, get, systemTexts, policyEvents } = await setup(s);
    await s.api('PATCH', '/settings/routing', { offlinePolicy: 'requeue' });
    const a = await agent('a');
    const conv = await ask('left-behind');
    expect(await get(conv)).toMatchObject({ status: 'processing', assigneeId: a });
    await s.api('PUT', `/agents/${a}/presence`, { presence: 'offline' });
    expect(await get(conv)).toMatchObject({ status: 'waiting' });
    expect(await systemTexts(conv)).toEqual([WAITING_1]);
    expect((await policyEvents(conv)).at(-1)).toMatchObject({ cause: 'waiting', data: { after: 'agent_offline' } });
    const b = await agent('b');
    await agent('c');
    expect(await get(conv)).toMatchObject({ status: 'processing', assigneeId: b });
    await s.api('PUT', `/agents/${b}/presence`, { presence: 'offline' });
    expect((await get(conv)).status).toBe('processing');
    expect((await systemTexts(conv)).at(-1)).toBe("We're passing you to another agent; they will be with you shortly.");
  });
});
