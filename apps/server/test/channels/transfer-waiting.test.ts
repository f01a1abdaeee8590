import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@switchboard/core';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { createChannel, hmac, postWebhook } from './support/flows.ts';
import { StandIn } from './support/stand-in.ts';

/**
 * R12 after a transfer to skills (issue #12): the conversation is back in the
 * queue, so the customer hears their position and estimate at the LINE
 * stand-in — after the channel's transfer notice when it has one, and
 * without a second "passing you on" when an agent takes it at once.
 */
const NOW = Date.UTC(2026, 10, 24, 1, 0);
const SECRET = 'line-secret';
const WAITING = /^You are number 1 in the queue\. Estimated wait: as soon as an agent is free\.$/;
const NOTICE = 'You are being transferred to a colleague who can help. One moment please.';

describe('a transfer to skills tells the customer where they stand', () => {
  let s: TestServer;
  let platform: StandIn;
  let n = 0;

  beforeAll(async () => {
    s = await startTestServer({ clock: new FakeClock(NOW) });
    platform = await new StandIn((req) =>
      req.path.startsWith('/v2/bot/profile/') ? { status: 200, body: { displayName: 'Brown' } } : { status: 200, body: { sentMessages: [{ id: '1' }] } },
    ).start();
  });
  afterAll(async () => {
    await platform.close();
    await s.close();
  });

  async function agent(name: string, skills: unknown[] = []) {
    const res = await s.api('POST', '/agents', { name, email: `${name.toLowerCase()}-${n++}@example.com`, skills, capacity: 5 });
    expect(res.status).toBe(201);
    expect((await s.api('PUT', `/agents/${res.body.id}/presence`, { presence: 'ready' })).status).toBe(200);
    return res.body.id as string;
  }

  /** A LINE customer writes on a bot-less channel and is assigned to Mei, the only ready agent. */
  async function assignedOnLine(config: Record<string, unknown>, who: string) {
    const channel = await createChannel(s, 'line', { apiBaseUrl: platform.url, channelSecret: SECRET, channelAccessToken: 't', ...config }, { bot: false });
    const mei = await agent('Mei');
    const raw = JSON.stringify({
      destination: 'x',
      events: [
        {
          type: 'message',
          mode: 'active',
          timestamp: 1,
          source: { type: 'user', userId: who },
          webhookEventId: `e-${who}`,
          deliveryContext: { isRedelivery: false },
          replyToken: `r-${who}`,
          message: { id: `m-${who}`, type: 'text', text: 'my order is late' },
        },
      ],
    });
    expect((await postWebhook(s, `/webhooks/line/${channel}`, raw, { 'x-line-signature': hmac(SECRET, raw, 'base64') })).status).toBe(200);
    const conv = (await s.api('GET', '/conversations?status=processing')).body.items.find((c: { assigneeId: string }) => c.assigneeId === mei);
    expect(conv).toBeDefined();
    await runOutboxOnce(s.container.deps);
    return { conv: conv.id as string, mei };
  }

  /** What LINE received for that customer: pushes to them, or replies with their reply token (used while it is fresh). */
  const pushed = (who: string): string[] =>
    platform.requests
      .filter((r) => (r.path === '/v2/bot/message/push' && r.body.to === who) || (r.path === '/v2/bot/message/reply' && r.body.replyToken === `r-${who}`))
      .flatMap((r) => r.body.messages.map((m: { text: string }) => m.text));
  const closeAll = async () => {
    for (const status of ['waiting', 'processing'])
      for (const c of (await s.api('GET', `/conversations?status=${status}`)).body.items) await s.api('POST', `/conversations/${c.id}/close`, {});
    for (const a of (await s.api('GET', '/agents')).body.items) await s.api('PUT', `/agents/${a.id}/presence`, { presence: 'offline' });
  };

  it('nobody holds the skills: the waiting message reaches LINE with position and estimate, recorded after the transfer', async () => {
    const { conv } = await assignedOnLine({}, 'U-wait');
    expect(pushed('U-wait')).toEqual([]);
    const res = await s.api('POST', `/conversations/${conv}/transfer`, { skills: ['japanese'] });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('waiting');
    await runOutboxOnce(s.container.deps);
    // LINE has no transfer notice by default: the waiting message alone.
    expect(pushed('U-wait')).toEqual([expect.stringMatching(WAITING)]);
    const events = (await s.api('GET', `/conversations/${conv}/events`)).body.items as Array<Record<string, any>>;
    const told = events.filter((e) => e.type === 'policy_message');
    expect(told).toEqual([expect.objectContaining({ cause: 'waiting', data: expect.objectContaining({ position: 1, after: 'transfer' }) })]);
    expect(events.findIndex((e) => e.type === 'transferred')).toBeLessThan(events.indexOf(told[0]!));
    await closeAll();
  });

  it('with the transfer notice on: the notice, then the waiting message — one of each', async () => {
    const { conv } = await assignedOnLine({ transferNotice: true }, 'U-notice');
    await s.api('POST', `/conversations/${conv}/transfer`, { skills: ['japanese'] });
    // The outbox keeps a conversation's order: one message per pass.
    await runOutboxOnce(s.container.deps);
    await runOutboxOnce(s.container.deps);
    expect(pushed('U-notice')).toEqual([NOTICE, expect.stringMatching(WAITING)]);
    await closeAll();
  });

  it('an agent holding the skills takes it at once: only the notice, no waiting message and no "passing you on"', async () => {
    const { conv } = await assignedOnLine({ transferNotice: true }, 'U-taken');
    const ken = await agent('Ken', [{ name: 'japanese', level: 3 }]);
    const res = await s.api('POST', `/conversations/${conv}/transfer`, { skills: ['japanese'] });
    expect(res.body).toMatchObject({ status: 'processing', assigneeId: ken });
    await runOutboxOnce(s.container.deps);
    await runOutboxOnce(s.container.deps);
    expect(pushed('U-taken')).toEqual([NOTICE]);
    const events = (await s.api('GET', `/conversations/${conv}/events`)).body.items as Array<Record<string, any>>;
    expect(events.filter((e) => e.type === 'policy_message')).toEqual([]);
    await closeAll();
  });

  it('out of hours (queued): the off-hours message with the opening again instead, recorded after the transfer', async () => {
    // Tokyo hours Wednesdays only; the clock is Tuesday 10:00 JST.
    const put = await s.api('PUT', '/settings/business-hours', { timezone: 'Asia/Tokyo', weekly: { wed: [['09:00', '18:00']] } });
    expect(put.status).toBe(200);
    const { conv } = await assignedOnLine({}, 'U-night');
    await s.api('POST', `/conversations/${conv}/transfer`, { skills: ['japanese'] });
    await runOutboxOnce(s.container.deps);
    // The intake's off-hours message (a ready agent still took it), then the same news after the transfer:
    // the customer was with someone and now waits for the opening again.
    const closed = expect.stringMatching(/agents are back Wed 09:00\. You keep your place in the queue\.$/);
    expect(pushed('U-night')).toEqual([closed, closed]);
    const events = (await s.api('GET', `/conversations/${conv}/events`)).body.items as Array<Record<string, any>>;
    expect(events.filter((e) => e.type === 'policy_message')).toEqual([
      expect.objectContaining({ cause: 'off_hours', data: expect.not.objectContaining({ after: 'transfer' }) }),
      expect.objectContaining({ cause: 'off_hours', data: expect.objectContaining({ after: 'transfer' }) }),
    ]);
    expect((await s.api('DELETE', '/settings/business-hours')).status).toBe(200);
    await closeAll();
  });
});
