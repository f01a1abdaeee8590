import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureAdminWorkspace } from '../src/workspaces/workspaces.ts';
import { makeApi, startTestServer, type Api, type TestServer } from './harness.ts';

/** Transfer (#10): the note reaches the receiving agent through the history; the customer is told when the channel allows. */
let s: TestServer;
let api: Api;
let n = 0;

async function agent(name: string, skills: unknown[] = []) {
  const res = await api('POST', '/agents', { name, email: `${name.toLowerCase().replace(/\W/g, '')}-${n++}@example.com`, skills });
  expect(res.status).toBe(201);
  await api('PUT', `/agents/${res.body.id}/presence`, { presence: 'ready' });
  return res.body.id as string;
}

async function handedToMei(config: Record<string, unknown> = {}) {
  const channelId = (await api('POST', '/channels', { type: 'api', name: 'API', bot: false, config })).body.id;
  const mei = await agent('Mei', ['english']);
  const inbound = await api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'c1' }, text: 'my invoice is wrong' });
  const conv = inbound.body.conversationId as string;
  expect((await api('GET', `/conversations/${conv}`)).body.assigneeId).toBe(mei);
  return { conv, mei };
}

const events = async (conv: string) => (await api('GET', `/conversations/${conv}/events`)).body.items as Array<Record<string, any>>;
const botTexts = async (conv: string) =>
  ((await api('GET', `/conversations/${conv}/messages`)).body.items as Array<{ sender: string; text: string }>)
    .filter((m) => m.sender === 'bot')
    .map((m) => m.text);

describe('transfer with a note', () => {
  beforeAll(async () => {
    s = await startTestServer();
  });
  beforeEach(async () => {
    const token = `ws_${randomBytes(8).toString('hex')}`;
    await ensureAdminWorkspace(s.container.deps, token);
    api = makeApi(s.url, token);
  });
  afterAll(() => s.close());

  it('records who handed it to whom with the note, before the assignment', async () => {
    const { conv, mei } = await handedToMei();
    const ken = await agent('Ken');
    const res = await api('POST', `/conversations/${conv}/transfer`, { agentId: ken, note: 'Invoice 2291 charged twice; refund approved.' });
    expect(res.status).toBe(200);
    const history = await events(conv);
    const i = history.findIndex((e) => e.type === 'transferred');
    expect(history[i]).toMatchObject({ cause: 'transfer', data: { fromAgentId: mei, toAgentId: ken, note: 'Invoice 2291 charged twice; refund approved.' } });
    expect(history.slice(i + 1).some((e) => e.type === 'assigned' && e.data.agentId === ken)).toBe(true);
    // API channels do not tell the customer unless configured.
    expect(await botTexts(conv)).toEqual([]);
  });

  it('tells the customer when the channel allows, in the channel’s words', async () => {
    const { conv } = await handedToMei({ transferNotice: true, transferNoticeText: 'Passing you to {agent} now.' });
    const ken = await agent('Ken Sato');
    await api('POST', `/conversations/${conv}/transfer`, { agentId: ken });
    expect(await botTexts(conv)).toEqual(['Passing you to Ken Sato now.']);
    await api('POST', `/conversations/${conv}/transfer`, { skills: ['english'] });
    expect((await botTexts(conv))[1]).toMatch(/colleague/);
    const skillsEvent = (await events(conv)).filter((e) => e.type === 'transferred')[1];
    expect(skillsEvent.data).toMatchObject({ skills: ['english'] });
    expect(skillsEvent.data.note).toBeUndefined();
  });

  it('refuses an over-long note with 400', async () => {
    const { conv } = await handedToMei();
    const ken = await agent('Ken');
    const res = await api('POST', `/conversations/${conv}/transfer`, { agentId: ken, note: 'x'.repeat(1001) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});
