import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshWorkspace, type Workspace } from './bot-support.ts';
import { startTestServer, type TestServer } from './harness.ts';

/**
 * Random bursts of inbound traffic, all in flight at once: new and known
 * contacts, bot answers, handoffs, redeliveries of earlier messages and
 * agents closing conversations underneath. Both inbound paths (direct and
 * transactional) and the batches they share are in play; afterwards every
 * acknowledged message is stored once, numbers are dense, and no contact has
 * two open conversations on the channel.
 */

type Action =
  | { type: 'message'; contact: number; text: string }
  | { type: 'redeliver'; earlier: number }
  | { type: 'close'; contact: number };

const TEXTS = ['hello', 'faq please', 'more details', 'agent'];

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ type: fc.constant('message' as const), contact: fc.nat(7), text: fc.constantFrom(...TEXTS) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('redeliver' as const), earlier: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('close' as const), contact: fc.nat(7) }) },
);

describe('inbound under concurrent, random traffic', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  async function burst(w: Workspace, actions: Action[], round: number) {
    const sent: Array<{ externalId: string; contact: string; text: string }> = [];
    const requests = actions.map(async (a) => {
      if (a.type === 'close') {
        const open = await w.api('GET', `/conversations?channelId=${w.channelId}&limit=100`);
        const mine = open.body.items.filter((c: any) => c.status !== 'completed');
        if (mine.length > 0) await w.api('POST', `/conversations/${mine[a.contact % mine.length].id}/close`);
        return null;
      }
      const original = a.type === 'redeliver' ? sent[a.earlier % Math.max(sent.length, 1)] : undefined;
      if (a.type === 'redeliver' && !original) return null;
      const message = original ?? { externalId: `r${round}-m${sent.length}`, contact: `c${(a as { contact: number }).contact}`, text: (a as { text: string }).text };
      if (!original) sent.push(message);
      const res = await w.api('POST', `/channels/${w.channelId}/inbound`, {
        contact: { externalId: message.contact },
        text: message.text,
        externalMessageId: message.externalId,
      });
      expect([200, 201], JSON.stringify(res.body)).toContain(res.status);
      return { externalId: message.externalId, messageId: res.body.messageId as string, conversationId: res.body.conversationId as string };
    });
    return (await Promise.all(requests)).filter((r): r is NonNullable<typeof r> => r !== null);
  }

  it('stores each acknowledged message once, numbered densely, with at most one open conversation per contact', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 10, maxLength: 40 }), async (actions) => {
        round++;
        const w = await freshWorkspace(s);
        const rule = await w.api('POST', '/bot/keywords', { match: 'contains', pattern: 'faq', reply: 'Here is our FAQ.' });
        expect(rule.status).toBe(201);
        const acknowledged = await burst(w, actions, round);

        const db = s.container.deps.db;
        const stored = await db
          .selectFrom('messages')
          .select(['id', 'conversation_id', 'seq', 'sender', 'external_id'])
          .where('workspace_id', '=', w.workspaceId)
          .orderBy('conversation_id')
          .orderBy('seq')
          .execute();
        // Each acknowledged externalMessageId: exactly one stored message, the one every acknowledgement named.
        const byExternal = new Map<string, typeof stored>();
        for (const m of stored) if (m.external_id) byExternal.set(m.external_id, [...(byExternal.get(m.external_id) ?? []), m]);
        for (const ack of acknowledged) {
          const rows = byExternal.get(ack.externalId) ?? [];
          expect(rows.map((r) => r.id)).toEqual([ack.messageId]);
          expect(rows[0]!.conversation_id).toBe(ack.conversationId);
        }
        // Customer messages are exactly the acknowledged ones.
        expect(stored.filter((m) => m.sender === 'customer').length).toBe(new Set(acknowledged.map((a) => a.externalId)).size);
        // Numbers are 1..n in every conversation, and match its counter.
        const counts = await db.selectFrom('conversations').select(['id', 'message_count', 'contact_id', 'status']).where('workspace_id', '=', w.workspaceId).execute();
        for (const conv of counts) {
          const seqs = stored.filter((m) => m.conversation_id === conv.id).map((m) => m.seq);
          expect(seqs).toEqual(Array.from({ length: conv.message_count }, (_, i) => i + 1));
        }
        // A bot answer follows the customer message it answers.
        for (const [i, m] of stored.entries()) {
          if (m.sender === 'bot') expect(stored[i - 1]).toMatchObject({ conversation_id: m.conversation_id, sender: 'customer' });
        }
        const open = counts.filter((c) => c.status !== 'completed').map((c) => c.contact_id);
        expect(new Set(open).size).toBe(open.length);
      }),
      { numRuns: 8, seed: 20261124 },
    );
  });
});
