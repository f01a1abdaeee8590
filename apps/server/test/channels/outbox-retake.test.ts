import { FakeClock } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDue, LEASE_MS, THIS_SENDER } from '../../src/channels/outbox/claim.ts';
import { RetakeGate } from '../../src/channels/outbox/retake-gate.ts';
import { outboxRunner } from '../../src/channels/outbox/runner.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { agentReply, conversationOf, createChannel, createReadyAgent, postWebhook } from './support/flows.ts';
import { StandIn } from './support/stand-in.ts';

const SECRET = 'retake-secret';
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/**
 * Lapsed claims are retaken only by a process that has had the database for a
 * whole lease (retake-gate.ts): a holder that could not renew while the
 * database was away may still be alive with the platform's answer in hand.
 */
describe('retaking lapsed outbox claims', () => {
  it('the gate opens a lease after start, closes while the database is away, and waits a whole lease once it is back', () => {
    const clock = new FakeClock();
    const gate = new RetakeGate(clock, 3000);
    expect(gate.open).toBe(false);
    clock.advance(3000);
    expect(gate.open).toBe(true);
    gate.failed(new Error('duplicate key value violates unique constraint')); // not the database away
    expect(gate.open).toBe(true);
    gate.failed(refused());
    expect(gate.open).toBe(false);
    clock.advance(10_000);
    expect(gate.open).toBe(false); // still away: no claim has gone through
    gate.reached();
    clock.advance(2999);
    expect(gate.open).toBe(false);
    clock.advance(1);
    expect(gate.open).toBe(true);
  });

  describe('a running outbox', () => {
    let s: TestServer;
    let tg: StandIn;
    beforeAll(async () => {
      s = await startTestServer();
      tg = await new StandIn(() => ({ status: 200, body: { ok: true, result: { message_id: 1 } } })).start();
    });
    afterAll(async () => {
      await s.close();
      await tg.close();
    });

    it("takes a dead sender's lapsed claim only after a lease of its own with the database, and names itself on the claim", async () => {
      const channelId = await createChannel(s, 'telegram', { apiBaseUrl: tg.url, botToken: '42:retake', secretToken: SECRET }, { bot: false });
      const agentId = await createReadyAgent(s, 'retake@example.com');
      const update = {
        update_id: 1,
        message: { message_id: 1, chat: { id: 77, type: 'private' }, from: { id: 77, is_bot: false, first_name: 'C' }, date: 1, text: 'hi' },
      };
      expect((await postWebhook(s, `/webhooks/telegram/${channelId}`, JSON.stringify(update), { 'x-telegram-bot-api-secret-token': SECRET })).status).toBe(200);
      await agentReply(s, await conversationOf(s, channelId, '1'), 'the reply', agentId);
      const [claimed] = await claimDue(s.container.deps, 10); // a sender claims the row… and dies
      expect(claimed).toMatchObject({ status: 'sending', claimed_by: THIS_SENDER });
      s.clock.advance(LEASE_MS); // its lease has lapsed

      const runner = outboxRunner(s.container.deps, LEASE_MS); // a process that has just started
      await runner.beat(s.container.deps);
      expect(tg.requests.filter((r) => r.body?.text === 'the reply')).toHaveLength(0);
      s.clock.advance(LEASE_MS);
      await runner.beat(s.container.deps);
      expect(tg.requests.filter((r) => r.body?.text === 'the reply')).toHaveLength(1);
      const row = await s.container.deps.db.selectFrom('outbox').selectAll().where('id', '=', claimed!.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    });
  });
});
