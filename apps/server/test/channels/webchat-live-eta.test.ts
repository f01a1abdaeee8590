import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@switchboard/core';
import { startTestServer, type TestServer } from '../harness.ts';
import { createChannel } from './support/flows.ts';
import { startVisitor, visitorSocket } from './support/visitor.ts';

/**
 * R12 live in the widget: the visitor's `queue.position` frame carries the
 * position, the honest estimate, whether anyone who could take it is ready,
 * and when agents return out of hours — sent again whenever one of them
 * changes, never a stale "number 1" with every agent gone.
 * Tokyo, Mon–Fri 09:00–18:00; the clock starts Tuesday 24 November 2026 10:00 JST.
 */
const TUE_10 = Date.UTC(2026, 10, 24, 1, 0);
const TUE_19 = Date.UTC(2026, 10, 24, 10, 0);

describe('live queue standing on the visitor stream (R12)', () => {
  let s: TestServer;
  let channelId: string;
  beforeAll(async () => {
    s = await startTestServer({ clock: new FakeClock(TUE_10) });
    channelId = await createChannel(s, 'webchat', {}, { bot: false });
    const weekday = [['09:00', '18:00']];
    await s.api('PUT', '/settings/business-hours', {
      timezone: 'Asia/Tokyo',
      weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
    });
  });
  afterAll(() => s.close());

  const visitorWaits = async (text = 'I need a person') => {
    const v = await startVisitor(s, channelId);
    const socket = await visitorSocket(s, v.token);
    const sent = await v.api('POST', '/webchat/messages', { text });
    return { ...v, socket, conversationId: sent.body.conversationId as string, status: sent.body.status as string };
  };

  it('position and estimate move with the queue; agents gone and hours over say so', async () => {
    const agent = (await s.api('POST', '/agents', { name: 'Aiko', email: 'aiko@example.com', capacity: 1 })).body.id as string;
    await s.api('PUT', `/agents/${agent}/presence`, { presence: 'ready' });
    // One recorded chat of 120 s gives the service rate.
    const warm = await visitorWaits();
    expect(warm.status).toBe('processing');
    s.clock.advance(120_000);
    await s.api('POST', `/conversations/${warm.conversationId}/close`, { agentId: agent });
    const busy = await visitorWaits();
    expect(busy.status).toBe('processing');

    const b = await visitorWaits();
    const c = await visitorWaits();
    const standing = (v: typeof b, match: (d: any) => boolean) => v.socket.next((f) => f.type === 'queue.position' && match(f.data)).then((f) => f.data);
    expect(await standing(b, () => true)).toEqual({
      conversationId: b.conversationId,
      position: 1,
      estimatedWaitSeconds: 120,
      agentsReady: true,
      closedUntil: null,
    });
    expect(await standing(c, () => true)).toEqual({
      conversationId: c.conversationId,
      position: 2,
      estimatedWaitSeconds: 240,
      agentsReady: true,
      closedUntil: null,
    });
    expect((await c.api('GET', '/webchat/session')).body.conversation).toMatchObject({
      status: 'waiting',
      queuePosition: 2,
      queue: { position: 2, estimatedWaitSeconds: 240, agentsReady: true },
    });

    // The chat ahead ends: Aiko takes b, c moves up.
    s.clock.advance(60_000);
    await s.api('POST', `/conversations/${busy.conversationId}/close`, { agentId: agent });
    expect(await standing(c, (d) => d.position === 1)).toMatchObject({ position: 1, agentsReady: true, estimatedWaitSeconds: expect.any(Number) });

    // Aiko signs off: nobody who could take it is ready; no number is invented.
    await s.api('PUT', `/agents/${agent}/presence`, { presence: 'offline' });
    expect(await standing(c, (d) => d.agentsReady === false)).toEqual({
      conversationId: c.conversationId,
      position: 1,
      estimatedWaitSeconds: null,
      agentsReady: false,
      closedUntil: null,
    });

    // After 18:00 the next change in the queue tells c when agents return.
    s.clock.set(TUE_19);
    const late = await visitorWaits();
    expect(await standing(c, (d) => d.closedUntil !== null)).toMatchObject({
      position: 1,
      closedUntil: { weekday: 'wed', time: '09:00', date: '2026-11-25', at: '2026-11-25T00:00:00.000Z' },
    });
    expect(await standing(late, () => true)).toMatchObject({ position: 2, closedUntil: { weekday: 'wed', time: '09:00' } });
    for (const v of [warm, busy, b, c, late]) v.socket.close();
  });
});
