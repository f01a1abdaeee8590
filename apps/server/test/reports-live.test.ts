import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

/**
 * The live board (issue #16) over a scripted morning with a fake clock:
 * per queue and channel, waiting and the longest wait, service level today
 * and in the last 30 minutes against the target, ASA, abandonment; agents by
 * state with time in state and occupancy; an alert under target. Before:
 * GET /reports/live did not exist.
 *
 *   08:00  ann (english, capacity 1) ready
 *   08:00  c1 (web, english) → ann at once                     wait 0
 *   08:10  c2 (web, english) waits (ann full)
 *   08:20  c3 (mail, no skills) waits; 08:25 leaves             abandoned
 *   08:40  ann closes c1; c2 → ann                              wait 30 min
 *   08:50  c4 (web) waits                                       board at 09:00
 */
describe('GET /reports/live', () => {
  let s: TestServer;
  const day = Date.UTC(2026, 11, 1);
  const at = (h: number, m: number) => s.clock.set(day + (h * 60 + m) * 60_000);
  const ids: Record<string, string> = {};
  let web = '';
  let mail = '';

  beforeAll(async () => {
    s = await startTestServer();
    at(7, 0);
    web = (await s.api('POST', '/channels', { type: 'api', name: 'Web', bot: false, skills: ['english'] })).body.id;
    mail = (await s.api('POST', '/channels', { type: 'api', name: 'Mail', bot: false })).body.id;
    ids.ann = (await s.api('POST', '/agents', { name: 'ann', email: 'ann@example.com', password: 'password-1', capacity: 1, skills: ['english'] })).body.id;
    ids.bob = (await s.api('POST', '/agents', { name: 'bob', email: 'bob@example.com', password: 'password-1', capacity: 2, skills: ['french'] })).body.id;
    const ask = async (channel: string, key: string) => {
      ids[key] = (await s.api('POST', `/channels/${channel}/inbound`, { contact: { externalId: key }, text: 'help' })).body.conversationId;
    };
    at(8, 0);
    await s.api('PUT', `/agents/${ids.ann}/presence`, { presence: 'ready' });
    await ask(web, 'c1');
    at(8, 10);
    await ask(web, 'c2');
    at(8, 20);
    await ask(mail, 'c3');
    at(8, 25);
    expect((await s.api('POST', `/channels/${mail}/leave`, { contact: { externalId: 'c3' } })).body.abandoned).toBe(true);
    at(8, 30);
    await s.api('PUT', `/agents/${ids.bob}/presence`, { presence: 'away' });
    at(8, 40);
    expect((await s.api('POST', `/conversations/${ids.c1}/close`, { agentId: ids.ann })).status).toBe(200);
    at(8, 50);
    await ask(web, 'c4');
    at(9, 0);
  });
  afterAll(() => s?.close());

  it('per queue: waiting, longest wait, today and last 30 minutes against the 80% target, agents who qualify', async () => {
    const board = (await s.api('GET', '/reports/live')).body;
    expect(board).toMatchObject({ at: '2026-12-01T09:00:00.000Z', timeZone: 'UTC', serviceLevelSeconds: 20, serviceLevelTarget: 0.8 });
    const english = board.queues.find((q: { skills: string[] }) => q.skills.join() === 'english');
    expect(english).toMatchObject({
      waiting: 1, longestWaitSeconds: 600, // c4 since 08:50
      today: { offered: 2, handled: 2, abandoned: 0, serviceLevel: 0.5, averageSpeedOfAnswerSeconds: 900 }, // c1 0 s, c2 1800 s
      last30: { offered: 0, serviceLevel: null }, // handed off since 08:30: only c4, still waiting, not offered yet (docs/metrics.md)
      belowTarget: true,
      agents: { ready: 0, busy: 1, away: 0, offline: 0 },
    });
    const any = board.queues.find((q: { skills: string[] }) => q.skills.length === 0);
    expect(any).toMatchObject({ waiting: 0, longestWaitSeconds: null, today: { offered: 1, abandoned: 1, abandonRate: 1, serviceLevel: 0 }, agents: { busy: 1, away: 1 } });
  });

  it('per channel, and an alert for every window under target', async () => {
    const board = (await s.api('GET', '/reports/live')).body;
    expect(board.channels.map((c: { name: string; waiting: number; today: { offered: number } }) => [c.name, c.waiting, c.today.offered]).sort()).toEqual([['Mail', 0, 1], ['Web', 1, 2]]);
    expect(board.alerts).toEqual(
      expect.arrayContaining([
        { scope: 'queue', id: 'english', window: 'today', serviceLevel: 0.5, target: 0.8 },
        { scope: 'channel', id: mail, window: 'today', serviceLevel: 0, target: 0.8 },
        { scope: 'channel', id: web, window: 'today', serviceLevel: 0.5, target: 0.8 },
      ]),
    );
    expect(board.alerts.some((a: { window: string; id: string }) => a.id === 'english' && a.window === 'last30')).toBe(false);
  });

  it('agents by state with time in state; occupancy today and now', async () => {
    const board = (await s.api('GET', '/reports/live')).body;
    const ann = board.agents.find((a: { name: string }) => a.name === 'ann');
    const bob = board.agents.find((a: { name: string }) => a.name === 'bob');
    // ann: ready since 08:00 holding one chat of capacity 1 the whole hour.
    expect(ann).toMatchObject({ state: 'busy', presence: 'ready', load: 1, capacity: 1, secondsInState: 3600, occupancyToday: 1 });
    expect(bob).toMatchObject({ state: 'away', secondsInState: 1800, occupancyToday: null });
    expect(board.agentStates).toEqual({ ready: 0, busy: 1, away: 1, offline: 0 });
    expect(board.occupancyNow).toBe(1);
  });

  it('supervisors only', async () => {
    const token = (await s.api('POST', '/auth/login', { email: 'ann@example.com', password: 'password-1' }, null)).body.token;
    expect((await s.api('GET', '/reports/live', undefined, token)).status).toBe(403);
  });
});
