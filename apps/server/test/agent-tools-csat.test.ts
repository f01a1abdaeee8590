import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureAdminWorkspace } from '../src/workspaces/workspaces.ts';
import { runOutboxOnce } from '../src/channels/outbox/worker.ts';
import { connectStream, makeApi, startTestServer, type TestServer } from './harness.ts';
import { StandIn } from './channels/support/stand-in.ts';
import { startVisitor } from './channels/support/visitor.ts';
import { apiChannel, customerWrites, history, messages, ready, staff } from './agent-tools/support.ts';

/** Satisfaction (SPEC §5, issue #15): asked on the channel at agent completion, answered within 24 h on the same conversation. */
let s: TestServer;
let w: TestServer;
const HOUR = 3_600_000;

async function servedAndClosed(channelId: string, externalId: string, agent: Awaited<ReturnType<typeof staff>>) {
  const { conversationId } = await customerWrites(w, channelId, externalId, 'my order is late');
  await agent.api('POST', `/conversations/${conversationId}/messages`, { text: 'It ships today.' });
  expect((await agent.api('POST', `/conversations/${conversationId}/close`, {})).status).toBe(200);
  return conversationId;
}

describe('satisfaction surveys', () => {
  let mei: Awaited<ReturnType<typeof staff>>;
  let channel: string;

  beforeAll(async () => {
    s = await startTestServer();
  });
  beforeEach(async () => {
    const token = `ws_${randomBytes(8).toString('hex')}`;
    await ensureAdminWorkspace(s.container.deps, token);
    w = { ...s, adminToken: token, api: makeApi(s.url, token) };
    mei = await staff(w, 'Mei', 'agent', 20);
    await ready(w, mei.id);
    channel = await apiChannel(w);
    expect((await w.api('PATCH', '/settings/csat', { enabled: true, message: 'How did we do?' })).status).toBe(200);
  });
  afterAll(() => s.close());

  it('asks with a numbered prompt, records "5" on that conversation without opening a new one, then a comment', async () => {
    const meiStream = await connectStream(s.url, mei.token);
    const conv = await servedAndClosed(channel, 'c1', mei);
    const survey = (await messages(w, conv)).at(-1)!;
    expect(survey).toMatchObject({ sender: 'system' });
    expect(survey.text).toContain('How did we do?');
    expect(survey.text).toContain('5 ★★★★★');
    expect((await w.api('GET', `/conversations/${conv}`)).body.csat).toBeNull();

    const rated = await customerWrites(w, channel, 'c1', '5');
    expect(rated).toMatchObject({ conversationId: conv, status: 'completed', created: false });
    expect((await w.api('GET', `/conversations/${conv}`)).body.csat).toEqual({ rating: 5, comment: null });
    const told = await meiStream.next((f) => f.type === 'csat.recorded');
    expect(told.data).toMatchObject({ conversationId: conv, rating: 5, agentId: mei.id, congratulate: true });

    const commented = await customerWrites(w, channel, 'c1', 'Mei was very quick, thanks');
    expect(commented.conversationId).toBe(conv);
    expect((await w.api('GET', `/conversations/${conv}`)).body.csat).toEqual({ rating: 5, comment: 'Mei was very quick, thanks' });
    expect((await history(w, conv)).map((e) => e.type)).toEqual(expect.arrayContaining(['csat_requested', 'csat_rated', 'csat_commented']));

    const next = await customerWrites(w, channel, 'c1', 'I have another question');
    expect(next.created).toBe(true);
    expect(next.conversationId).not.toBe(conv);
    meiStream.close();
  });

  it('reads a full-width "５", and counts ratings in the summary report', async () => {
    const conv = await servedAndClosed(channel, 'c2', mei);
    expect((await customerWrites(w, channel, 'c2', '５')).conversationId).toBe(conv);
    const other = await servedAndClosed(channel, 'c3', mei);
    expect((await customerWrites(w, channel, 'c3', '２')).conversationId).toBe(other);
    expect((await w.api('GET', `/conversations/${conv}`)).body.csat).toEqual({ rating: 5, comment: null });
    const from = new Date(s.clock.now() - HOUR).toISOString();
    const to = new Date(s.clock.now() + HOUR).toISOString();
    const summary = await w.api('GET', `/reports/summary?from=${from}&to=${to}`);
    expect(summary.body.csat).toEqual({ responses: 2, average: 3.5 });
  });

  it('handles "5 stars!!!" as the workspace configures: strict opens a new conversation, lenient rates it', async () => {
    const strict = await servedAndClosed(channel, 'c4', mei);
    const reply = await customerWrites(w, channel, 'c4', '5 stars!!!');
    expect(reply.created).toBe(true);
    expect((await w.api('GET', `/conversations/${strict}`)).body.csat).toBeNull();
    await mei.api('POST', `/conversations/${reply.conversationId}/close`, {});

    await w.api('PATCH', '/settings/csat', { enabled: true, replyMatching: 'lenient' });
    const lenient = await servedAndClosed(channel, 'c5', mei);
    expect((await customerWrites(w, channel, 'c5', '5 stars!!!')).conversationId).toBe(lenient);
    expect((await w.api('GET', `/conversations/${lenient}`)).body.csat).toEqual({ rating: 5, comment: '5 stars!!!' });
  });

  it('after 24 h a "5" opens a new conversation instead', async () => {
    const conv = await servedAndClosed(channel, 'c6', mei);
    s.clock.advance(24 * HOUR + 1000);
    const late = await customerWrites(w, channel, 'c6', '5');
    expect(late.created).toBe(true);
    expect(late.conversationId).not.toBe(conv);
    expect((await w.api('GET', `/conversations/${conv}`)).body.csat).toBeNull();
  });

  it('asks nothing when disabled, and only when an agent completes it', async () => {
    await w.api('PATCH', '/settings/csat', { enabled: false });
    const conv = await servedAndClosed(channel, 'c7', mei);
    expect((await messages(w, conv)).filter((m) => m.sender === 'system')).toEqual([]);
    expect((await customerWrites(w, channel, 'c7', '5')).created).toBe(true);
  });

  it('on WhatsApp: asks inside the 24 h window, and outside it says why in the history instead', async () => {
    const graph = await new StandIn(() => ({ status: 200, body: { messages: [{ id: `wamid.${randomBytes(3).toString('hex')}` }] } })).start();
    try {
      const config = { apiBaseUrl: graph.url, version: 'v21.0', phoneNumberId: '1555', accessToken: 'EAAJB', appSecret: 'wa-secret', verifyToken: 'v' };
      const wa = (await w.api('POST', '/channels', { type: 'whatsapp', name: 'WA', bot: false, config })).body.id;
      const inside = await servedAndClosed(wa, '886900000001', mei);
      for (let i = 0; i < 5 && (await runOutboxOnce(s.container.deps)) > 0; i++);
      expect(JSON.stringify(graph.requests.map((r) => r.body))).toContain('How did we do?');

      const { conversationId: outside } = await customerWrites(w, wa, '886900000002', 'hello');
      s.clock.advance(25 * HOUR);
      // Mei's session has run out meanwhile: the admin token closes for her.
      expect((await w.api('POST', `/conversations/${outside}/close`, {})).status).toBe(200);
      expect((await messages(w, outside)).some((m) => m.text.includes('How did we do?'))).toBe(false);
      expect((await history(w, outside)).find((e) => e.type === 'csat_skipped')).toMatchObject({
        cause: 'messaging_window_closed',
        data: { channelType: 'whatsapp', windowHours: 24 },
      });
      expect(inside).not.toBe(outside);
    } finally {
      await graph.close();
    }
  });

  it('in the widget: five stars under the survey, rated once by POST /webchat/csat', async () => {
    const web = (await w.api('POST', '/channels', { type: 'webchat', name: 'Web', bot: false })).body.id;
    const visitor = await startVisitor(w, web, 'Lin');
    const sent = await visitor.api('POST', '/webchat/messages', { text: 'hi' });
    const conv = sent.body.conversationId as string;
    await mei.api('POST', `/conversations/${conv}/close`, {});
    const session = await visitor.api('GET', '/webchat/session');
    expect(session.body.messages.at(-1)).toMatchObject({ sender: 'system', text: 'How did we do?', attachments: [{ type: 'csat', scale: 5 }] });
    expect((await visitor.api('POST', '/webchat/csat', { rating: 6 })).status).toBe(400);
    expect((await visitor.api('POST', '/webchat/csat', { rating: 4, comment: 'nice' })).body).toMatchObject({ conversationId: conv, rating: 4 });
    expect((await w.api('GET', `/conversations/${conv}`)).body.csat).toEqual({ rating: 4, comment: 'nice' });
    expect((await visitor.api('POST', '/webchat/csat', { rating: 1 })).status).toBe(409);
  });
});
