import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@switchboard/core';
import { runDueTimers } from '../src/scheduler/due-timers.ts';
import { freshPostgresDatabase, startTestServer, type TestServer } from './harness.ts';

/** Tuesday 24 November 2026, 10:00 in Tokyo (01:00Z). */
const TUE_10_TOKYO = Date.UTC(2026, 10, 24, 1, 0);
const weekday = [['09:00', '12:00'], ['13:00', '18:00']];
const TOKYO = { timezone: 'Asia/Tokyo', weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday } };

async function setup(s: TestServer) {
  const agent = async (name: string, skills: string[] = [], capacity = 1, presence = 'ready') => {
    const id = (await s.api('POST', '/agents', { name, email: `${name}@example.com`, capacity, skills })).body.id as string;
    await s.api('PUT', `/agents/${id}/presence`, { presence });
    return id;
  };
  const channel = async (extra: Record<string, unknown> = {}) => {
    const res = await s.api('POST', '/channels', { type: 'api', name: 'API', bot: false, ...extra });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const ask = async (channelId: string, externalId: string) =>
    (await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId }, text: 'help' })).body.conversationId as string;
  const get = async (id: string) => (await s.api('GET', `/conversations/${id}`)).body;
  const events = async (id: string) => (await s.api('GET', `/conversations/${id}/events`)).body.items as Array<{ type: string; cause: string; data: any }>;
  const texts = async (id: string) => ((await s.api('GET', `/conversations/${id}/messages`)).body.items as Array<{ sender: string; text: string }>).map((m) => `${m.sender}: ${m.text}`);
  return { agent, channel, ask, get, events, texts };
}

describe('queue policy settings (SPEC §5)', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup) await c();
  });

  it('stores business hours and refuses bad ones with 400 VALIDATION_FAILED naming each problem', async () => {
    const s = await startTestServer({ clock: new FakeClock(TUE_10_TOKYO) });
    cleanup.push(() => s.close());
    expect((await s.api('GET', '/settings/business-hours')).body).toMatchObject({ timezone: null, queueOutsideHours: true });
    const body = { ...TOKYO, closedDates: ['2026-12-31'], specialDates: { '2026-12-24': [['10:00', '14:00']] }, queueOutsideHours: false, offHoursMessage: 'Back {opening}.' };
    const put = await s.api('PUT', '/settings/business-hours', body);
    expect(put.status).toBe(200);
    expect((await s.api('GET', '/settings/business-hours')).body).toEqual({ ...body, weekly: TOKYO.weekly });

    const bad = await s.api('PUT', '/settings/business-hours', { timezone: 'Mars/Olympus', weekly: { mon: [['09:00', '25:00']], tue: [['13:00', '18:00'], ['12:00', '14:00']], funday: [] }, closedDates: ['2026-02-30'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['closedDates[0]', 'timezone', 'weekly.funday', 'weekly.mon[0]', 'weekly.tue[1]']);
    expect((await s.api('PUT', '/settings/business-hours', { weekly: {} })).status).toBe(400);
    // Nothing of the refused schedule was stored.
    expect((await s.api('GET', '/settings/business-hours')).body.timezone).toBe('Asia/Tokyo');

    const status = (await s.api('GET', '/settings/business-hours/status')).body;
    expect(status.workspace).toMatchObject({ open: true, closesAt: { weekday: 'tue', time: '12:00' } });
    s.clock.set(Date.UTC(2026, 10, 27, 10)); // Friday 19:00 Tokyo
    expect((await s.api('GET', '/settings/business-hours/status')).body.workspace).toMatchObject({ open: false, opensAt: { weekday: 'mon', time: '09:00', date: '2026-11-30' } });
  });

  it('stores the routing timers with their defaults and refuses bad values and relaxation policies that never apply', async () => {
    const s = await startTestServer();
    cleanup.push(() => s.close());
    expect((await s.api('GET', '/settings/routing')).body).toMatchObject({ serviceLevelSeconds: 20, serviceLevelTarget: 0.8, firstReplySeconds: null, disconnectGraceSeconds: 60, visitorGraceSeconds: 120 });
    const patch = { firstReplySeconds: 30, customerIdleSeconds: 300, customerIdleCloseSeconds: 600, disconnectGraceSeconds: 90, visitorGraceSeconds: 45, serviceLevelSeconds: 30, serviceLevelTarget: 0.9 };
    const res = await s.api('PATCH', '/settings/routing', patch);
    expect(res.status).toBe(200);
    expect((await s.api('GET', '/settings/routing')).body).toMatchObject({ ...patch, mode: 'auto' });
    expect((await s.api('PATCH', '/settings/routing', { firstReplySeconds: null })).body.firstReplySeconds).toBeNull();
    for (const wrong of [{ firstReplySeconds: 0 }, { serviceLevelTarget: 1.5 }, { customerIdleSeconds: 2.5 }, { relaxation: { relaxTo: ['english'] } }]) {
      const r = await s.api('PATCH', '/settings/routing', wrong);
      expect(r.status, JSON.stringify(wrong)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
    const never = await s.api('POST', '/channels', { type: 'api', name: 'x', relaxTo: ['english'] });
    expect(never.status).toBe(400);
    expect(never.body.error.details).toEqual([{ path: 'relaxAfterSeconds', message: expect.stringContaining('never applies') }]);
    const badHours = await s.api('POST', '/channels', { type: 'api', name: 'x', businessHours: { timezone: 'Asia/Tokyo', weekly: { mon: [['18:00', '09:00']] } } });
    expect(badHours.body.error.details).toEqual([{ path: 'businessHours.weekly.mon[0]', message: expect.any(String) }]);
    const ok = await s.api('POST', '/channels', { type: 'api', name: 'jp', relaxTo: ['English'], relaxAfterSeconds: 120, waitingMessage: 'No. {position}, ~{eta}' });
    expect(ok.body).toMatchObject({ relaxTo: ['English'], relaxAfterSeconds: 120, relaxWhenNoneOnline: false, waitingMessage: 'No. {position}, ~{eta}', businessHours: null });
    const patched = await s.api('PATCH', `/channels/${ok.body.id}`, { relaxTo: null, businessHours: TOKYO });
    expect(patched.body).toMatchObject({ relaxTo: null, businessHours: TOKYO, waitingMessage: 'No. {position}, ~{eta}' });
  });
});

describe('off-hours intake (R11)', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup) await c();
  });

  it('without queueOutsideHours: stays with the bot on a bot channel, completed off_hours on a bot-less one; both hear when agents return', async () => {
    const s = await startTestServer({ clock: new FakeClock(Date.UTC(2026, 10, 24, 3, 30)) }); // Tue 12:30 Tokyo: lunch break
    cleanup.push(() => s.close());
    const { channel, ask, get, texts, events } = await setup(s);
    await s.api('PUT', '/settings/business-hours', { ...TOKYO, queueOutsideHours: false });
    const bare = await channel();
    const conv = await ask(bare, 'night-owl');
    expect(await get(conv)).toMatchObject({ status: 'completed', closeReason: 'off_hours' });
    expect(await texts(conv)).toEqual(['customer: help', "system: We're closed right now; agents are back Tue 13:00. Please write to us again then."]);
    expect((await events(conv)).filter((e) => e.type === 'policy_message')).toEqual([expect.objectContaining({ cause: 'off_hours', data: { action: 'complete', opensAt: '2026-11-24T04:00:00.000Z' } })]);

    const withBot = (await s.api('POST', '/channels', { type: 'api', name: 'Bot', bot: true, offHoursMessage: '營業時間外，{opening} 再為您服務。' })).body.id;
    const res = await s.api('POST', `/channels/${withBot}/inbound`, { contact: { externalId: 'b1' }, text: 'agent' });
    expect(res.body.status).toBe('bot');
    expect((await texts(res.body.conversationId)).at(-1)).toBe('system: 營業時間外，Tue 13:00 再為您服務。');

    s.clock.set(Date.UTC(2026, 10, 24, 4, 0)); // 13:00 sharp: open
    const open = await ask(bare, 'punctual');
    expect((await get(open)).status).toBe('waiting');
  });

  it('with queueOutsideHours (the default): queued, told when agents return, and a ready agent still gets it', async () => {
    const s = await startTestServer({ clock: new FakeClock(Date.UTC(2026, 10, 28, 1)) }); // Saturday
    cleanup.push(() => s.close());
    const { channel, ask, get, texts, agent } = await setup(s);
    await s.api('PUT', '/settings/business-hours', TOKYO);
    const bare = await channel();
    const conv = await ask(bare, 'weekend');
    expect((await get(conv)).status).toBe('waiting');
    expect(await texts(conv)).toEqual(['customer: help', "system: We're closed right now; agents are back Mon 09:00. You keep your place in the queue."]);
    const a = await agent('weekend-worker');
    expect(await get(conv)).toMatchObject({ status: 'processing', assigneeId: a });
  });
});

describe('the wait estimate (R12)', () => {
  it('counts the seats of qualifying ready agents and the recorded handle time, on the item and in the waiting message', async () => {
    const s = await startTestServer();
    try {
      const { channel, ask, get, texts, agent } = await setup(s);
      const bare = await channel();
      const a = await agent('solo', [], 1);
      const first = await ask(bare, 'c0');
      expect(await get(first)).toMatchObject({ status: 'processing', queuePosition: null, estimatedWaitSeconds: null });
      s.clock.advance(120_000);
      await s.api('POST', `/conversations/${first}/close`, { agentId: a });
      const busy = await ask(bare, 'c1');
      expect((await get(busy)).assigneeId).toBe(a);
      // No honest number before: one completion of 120 s is recorded now.
      const second = await ask(bare, 'c2');
      const third = await ask(bare, 'c3');
      expect(await get(second)).toMatchObject({ status: 'waiting', queuePosition: 1, estimatedWaitSeconds: 120 });
      expect(await get(third)).toMatchObject({ queuePosition: 2, estimatedWaitSeconds: 240 });
      expect((await texts(third)).at(-1)).toBe('system: You are number 2 in the queue. Estimated wait: about 4 minutes.');
      const list = (await s.api('GET', '/conversations?status=waiting')).body.items;
      expect(list.map((c: any) => [c.id, c.queuePosition, c.estimatedWaitSeconds])).toEqual([[second, 1, 120], [third, 2, 240]]);
      await s.api('PUT', `/agents/${a}/presence`, { presence: 'away' });
      expect((await get(second)).estimatedWaitSeconds).toBeNull();
    } finally {
      await s.close();
    }
  });
});

describe('skill relaxation (R10) from stored deadlines', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup) await c();
  });

  it('after relaxAfterSeconds, across a restart: requirements replaced, key kept, recorded; then routed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sb-relax-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const databaseUrl = await freshPostgresDatabase();
    const where = databaseUrl ? { databaseUrl } : { dataDir };
    const clock = new FakeClock(Date.UTC(2026, 10, 24, 10));
    const first = await startTestServer({ ...where, clock, adminToken: 'relax-restart-token' });
    const one = await setup(first);
    const jp = await one.channel({ skills: ['japanese'], relaxTo: ['english'], relaxAfterSeconds: 60 });
    const english = await one.agent('en', ['english']);
    await one.agent('jp-offline', ['japanese'], 1, 'offline');
    const conv = await one.ask(jp, 'tanaka');
    const before = await one.get(conv);
    expect(before).toMatchObject({ status: 'waiting', skills: ['japanese'], relaxation: { relaxTo: ['english'], relaxAfterSeconds: 60 }, relaxAt: new Date(clock.now() + 60_000).toISOString() });
    clock.advance(59_000);
    await runDueTimers(first.container.deps);
    expect((await one.get(conv)).skills).toEqual(['japanese']);
    await first.close();

    clock.advance(1_000);
    const second = await startTestServer({ ...where, clock, adminToken: 'relax-restart-token' });
    cleanup.push(() => second.close());
    const two = await setup(second);
    expect(await runDueTimers(second.container.deps)).toBe(1);
    expect(await two.get(conv)).toMatchObject({ status: 'processing', assigneeId: english, skills: ['english'], relaxation: null, relaxAt: null, queueKey: before.queueKey });
    const relaxed = (await two.events(conv)).filter((e) => e.type === 'requirements_relaxed');
    expect(relaxed).toEqual([expect.objectContaining({ cause: 'waited', data: { from: ['japanese'], to: ['english'] } })]);
    expect(await runDueTimers(second.container.deps)).toBe(0);
  });

  it('relaxWhenNoneOnline (workspace default): relaxes at once when nobody holding the skills is online, not while one is away', async () => {
    const s = await startTestServer();
    cleanup.push(() => s.close());
    const { channel, ask, get, agent, events } = await setup(s);
    await s.api('PATCH', '/settings/routing', { relaxation: { relaxTo: [], relaxWhenNoneOnline: true } });
    const vip = await channel({ skills: ['vip'] });
    const any = await agent('anyone', [], 5);
    const vipAgent = await agent('vip-desk', ['vip'], 1, 'away');
    const held = await ask(vip, 'v1');
    expect(await get(held)).toMatchObject({ status: 'waiting', skills: ['vip'] });
    await s.api('PUT', `/agents/${vipAgent}/presence`, { presence: 'offline' });
    expect(await get(held)).toMatchObject({ status: 'processing', assigneeId: any, skills: [] });
    expect((await events(held)).find((e) => e.type === 'requirements_relaxed')).toMatchObject({ cause: 'none_online', data: { from: ['vip'], to: [] } });
    const now = await ask(vip, 'v2');
    expect(await get(now)).toMatchObject({ status: 'processing', assigneeId: any, skills: [] });
  });
});
