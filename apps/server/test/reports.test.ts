import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

/**
 * A scripted morning driven through the API with a fake clock (issue #16):
 * known arrivals, waits, an abandon, a transfer and closes; every report
 * figure is asserted exactly (definitions: docs/metrics.md).
 *
 *   t=0    c1 (web) asks; ann (capacity 1) gets it at once     wait 0
 *   t=10   c2 (web) asks; waits                                 
 *   t=30   ann replies to c1                                    first response 30
 *   t=40   c3 (web) asks; t=50 leaves                           abandoned after 10 s
 *   t=60   bob turns ready and gets c2                          wait 50
 *   t=70   bob replies to c2                                    first response 10
 *   t=100  c1 transferred from ann to bob
 *   t=160  bob closes c1                                         handle 160
 *   t=200  bob closes c2                                         handle 140
 *   t=300  c4 (mail) asks; ann gets it at once                   wait 0
 *   t=450  ann closes c4                                         handle 150
 */
describe('reports over a scripted morning', () => {
  let s: TestServer;
  const start = Date.UTC(2026, 10, 24, 9, 0, 0);
  const at = (seconds: number) => s.clock.set(start + seconds * 1000);
  const ids: Record<string, string> = {};
  let web = '';
  let mail = '';

  beforeAll(async () => {
    s = await startTestServer();
    s.clock.set(start - 60_000);
    web = (await s.api('POST', '/channels', { type: 'api', name: 'Web', bot: false, skills: ['english'] })).body.id;
    mail = (await s.api('POST', '/channels', { type: 'api', name: 'Mail', bot: false })).body.id;
    const agent = async (name: string, capacity: number) =>
      (await s.api('POST', '/agents', { name, email: `${name}@example.com`, password: 'password-1', capacity, skills: ['english'] })).body.id as string;
    ids.ann = await agent('ann', 1);
    ids.bob = await agent('bob', 5);
    await s.api('PUT', `/agents/${ids.ann}/presence`, { presence: 'ready' });
    const ask = async (channel: string, key: string) => {
      ids[key] = (await s.api('POST', `/channels/${channel}/inbound`, { contact: { externalId: key }, text: 'help' })).body.conversationId;
    };
    const reply = (key: string, agent: string) => s.api('POST', `/conversations/${ids[key]}/messages`, { text: 'hello', agentId: ids[agent] });
    const close = (key: string, agent: string) => s.api('POST', `/conversations/${ids[key]}/close`, { agentId: ids[agent] });
    at(0);
    await ask(web, 'c1');
    at(10);
    await ask(web, 'c2');
    at(30);
    expect((await reply('c1', 'ann')).status).toBe(201);
    at(40);
    await ask(web, 'c3');
    at(50);
    expect((await s.api('POST', `/channels/${web}/leave`, { contact: { externalId: 'c3' } })).body.abandoned).toBe(true);
    at(60);
    await s.api('PUT', `/agents/${ids.bob}/presence`, { presence: 'ready' });
    at(70);
    expect((await reply('c2', 'bob')).status).toBe(201);
    at(100);
    expect((await s.api('POST', `/conversations/${ids.c1}/transfer`, { agentId: ids.bob })).status).toBe(200);
    at(160);
    expect((await close('c1', 'bob')).status).toBe(200);
    at(200);
    expect((await close('c2', 'bob')).status).toBe(200);
    at(300);
    await ask(mail, 'c4');
    expect((await s.api('GET', `/conversations/${ids.c4}`)).body.assigneeId).toBe(ids.ann);
    at(450);
    expect((await close('c4', 'ann')).status).toBe(200);
    at(3600);
  });
  afterAll(() => s?.close());

  const period = 'from=2026-11-24T09:00:00Z&to=2026-11-24T10:00:00Z';

  it('summary: every figure of the period', async () => {
    const res = await s.api('GET', `/reports/summary?${period}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      from: '2026-11-24T09:00:00.000Z', to: '2026-11-24T10:00:00.000Z',
      offered: 4, handled: 3, abandoned: 1, shortAbandoned: 0, abandonRate: 0.25,
      serviceLevel: { thresholdSeconds: 20, ratio: 0.5 }, // c1 and c4 within 20 s of 4 offered (the abandon counts against)
      averageSpeedOfAnswerSeconds: 16.7, // (0 + 50 + 0) / 3
      averageFirstResponseSeconds: 20, // (30 + 10) / 2; c4 got no reply
      averageHandleSeconds: 150, // (160 + 140 + 150) / 3
      transfers: 1,
      csat: { responses: 0, average: null },
      averageWrapUpSeconds: null,
      conversations: '/api/v1/reports/conversations?from=2026-11-24T09%3A00%3A00.000Z&to=2026-11-24T10%3A00%3A00.000Z',
    });
  });

  it('summary filtered by channel, by skill and by a shorter period', async () => {
    const web1 = (await s.api('GET', `/reports/summary?${period}&channelId=${web}`)).body;
    expect(web1).toMatchObject({ offered: 3, handled: 2, abandoned: 1, abandonRate: 0.3333, serviceLevel: { ratio: 0.3333 }, averageSpeedOfAnswerSeconds: 25, averageHandleSeconds: 150, transfers: 1 });
    const { conversations: _link, ...bySkill } = (await s.api('GET', `/reports/summary?${period}&skill=english`)).body;
    const { conversations: _webLink, ...byChannel } = web1;
    expect(bySkill).toEqual(byChannel);
    const early = (await s.api('GET', '/reports/summary?from=2026-11-24T09:00:00Z&to=2026-11-24T09:00:30Z')).body;
    expect(early).toMatchObject({ offered: 2, handled: 2, abandoned: 0, averageSpeedOfAnswerSeconds: 25 });
  });

  it('short abandons and the service-level threshold come from the workspace settings', async () => {
    await s.container.deps.db
      .updateTable('workspaces')
      .set({ routing_settings: JSON.stringify({ serviceLevelSeconds: 60, shortAbandonSeconds: 15 }) })
      .where('id', '=', s.workspaceId)
      .execute();
    const res = (await s.api('GET', `/reports/summary?${period}`)).body;
    await s.container.deps.db.updateTable('workspaces').set({ routing_settings: JSON.stringify({}) }).where('id', '=', s.workspaceId).execute();
    expect(res).toMatchObject({ offered: 3, abandoned: 0, shortAbandoned: 1, abandonRate: 0, serviceLevel: { thresholdSeconds: 60, ratio: 1 } });
  });

  it('per agent: handled, handle and first-response times, transfers in and out', async () => {
    const res = await s.api('GET', `/reports/agents?${period}`);
    expect(res.status).toBe(200);
    const rows = [...res.body.items].sort((a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1));
    expect(rows).toEqual([
      { agentId: ids.ann, name: 'ann', handled: 1, averageHandleSeconds: 150, averageFirstResponseSeconds: 30, transfersIn: 0, transfersOut: 1, averageWrapUpSeconds: null, conversations: expect.stringContaining(`agentId=${ids.ann}`) },
      { agentId: ids.bob, name: 'bob', handled: 2, averageHandleSeconds: 100, averageFirstResponseSeconds: 10, transfersIn: 1, transfersOut: 0, averageWrapUpSeconds: null, conversations: expect.stringContaining(`agentId=${ids.bob}`) },
    ]);
  });

  it('per channel, per queue, per hour of day and per day: the same conversations cut other ways', async () => {
    const channels = (await s.api('GET', `/reports/channels?${period}`)).body.items;
    expect(channels.map((c: { name: string; offered: number; handled: number; abandoned: number }) => [c.name, c.offered, c.handled, c.abandoned]).sort()).toEqual([['Mail', 1, 1, 0], ['Web', 3, 2, 1]]);
    const queues = (await s.api('GET', `/reports/queues?${period}`)).body.items;
    expect(queues.map((q: { skills: string[]; offered: number }) => [q.skills, q.offered])).toEqual([[[], 1], [['english'], 3]]);
    const hours = (await s.api('GET', '/reports/hours?from=2026-11-24&to=2026-11-25')).body;
    expect(hours.timeZone).toBe('UTC');
    expect(hours.items).toHaveLength(24);
    expect(hours.items.filter((h: { offered: number }) => h.offered > 0).map((h: { hour: number; offered: number }) => [h.hour, h.offered])).toEqual([[9, 4]]);
    const days = (await s.api('GET', '/reports/series?from=2026-11-23&to=2026-11-25&granularity=day')).body.items;
    expect(days.map((d: { bucket: string; offered: number; serviceLevel: { ratio: number } }) => [d.bucket, d.offered, d.serviceLevel.ratio])).toEqual([['2026-11-24', 4, 0.5]]);
    const months = (await s.api('GET', '/reports/series?from=2026-11-01&to=2026-12-01&granularity=month')).body.items;
    expect(months.map((d: { bucket: string; handled: number }) => [d.bucket, d.handled])).toEqual([['2026-11', 3]]);
  });

  it('each cell links to exactly the conversations it counts (the detail log, also CSV)', async () => {
    const agents = (await s.api('GET', `/reports/agents?${period}`)).body.items;
    const bob = agents.find((a: { name: string }) => a.name === 'bob');
    const detail = (await s.api('GET', bob.conversations.replace('/api/v1', ''))).body.items;
    expect(detail.map((d: { conversationId: string }) => d.conversationId).sort()).toEqual([ids.c1, ids.c2].sort());
    // ann held c1 and c4 but handled only c4 (c1 went to bob): her "handled 1" cell opens exactly c4.
    const annHandled = (await s.api('GET', `/reports/conversations?${period}&agentId=${ids.ann}&outcome=handled`)).body.items;
    expect(annHandled.map((d: { conversationId: string }) => d.conversationId)).toEqual([ids.c4]);
    const abandoned = (await s.api('GET', `/reports/conversations?${period}&outcome=abandoned`)).body.items;
    expect(abandoned).toEqual([expect.objectContaining({ conversationId: ids.c3, abandoned: true, waitSeconds: null, handleSeconds: null })]);
    const c2 = (await s.api('GET', `/reports/conversations?${period}`)).body.items.find((d: { conversationId: string }) => d.conversationId === ids.c2);
    expect(c2).toMatchObject({ waitSeconds: 50, withinTarget: false, firstResponseSeconds: 10, handleSeconds: 140, transfers: 0, agents: ids.bob });
    const hour9 = (await s.api('GET', (await s.api('GET', '/reports/hours?from=2026-11-24&to=2026-11-25')).body.items[9].conversations.replace('/api/v1', ''))).body.items;
    expect(hour9).toHaveLength(4);
    const res = await fetch(`${s.url}/api/v1/reports/conversations?${period}`, { headers: { authorization: `Bearer ${s.adminToken}`, accept: 'text/csv' } });
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('conversationId,channelId,skills,tags,handoffAt,answeredAt,completedAt,waitSeconds,withinTarget,abandoned,shortAbandon,firstResponseSeconds,handleSeconds,transfers,csat,agents');
    expect(lines).toHaveLength(5);
  });

  it('per tag, and a tag added later is counted from then on (rollups follow conversation_tags)', async () => {
    const db = s.container.deps.db;
    await db.insertInto('tags').values({ id: 'tag_refund', workspace_id: s.workspaceId, name: 'refund', color: '#64748b', created_at: start }).execute();
    await db.insertInto('conversation_tags').values([ids.c1!, ids.c3!].map((id) => ({ conversation_id: id, tag_id: 'tag_refund', workspace_id: s.workspaceId, source: 'agent', created_at: start }))).execute();
    const tags = (await s.api('GET', `/reports/tags?${period}`)).body.items;
    expect(tags).toEqual([expect.objectContaining({ tagId: 'tag_refund', name: 'refund', offered: 2, handled: 1, abandoned: 1, transfers: 1 })]);
    await db.deleteFrom('conversation_tags').where('conversation_id', '=', ids.c3!).execute();
    expect((await s.api('GET', `/reports/tags?${period}`)).body.items[0]).toMatchObject({ offered: 1, abandoned: 0 });
  });

  it('CSV with Accept: text/csv', async () => {
    const res = await fetch(`${s.url}/api/v1/reports/summary?${period}`, { headers: { authorization: `Bearer ${s.adminToken}`, accept: 'text/csv' } });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, row] = (await res.text()).trim().split('\r\n');
    expect(header).toBe('from,to,offered,handled,abandoned,shortAbandoned,abandonRate,serviceLevel.thresholdSeconds,serviceLevel.ratio,averageSpeedOfAnswerSeconds,averageFirstResponseSeconds,averageHandleSeconds,transfers,csat.responses,csat.average,averageWrapUpSeconds,conversations');
    expect(row).toBe('2026-11-24T09:00:00.000Z,2026-11-24T10:00:00.000Z,4,3,1,0,0.25,20,0.5,16.7,20,150,1,0,,,/api/v1/reports/conversations?from=2026-11-24T09%3A00%3A00.000Z&to=2026-11-24T10%3A00%3A00.000Z');
  });

  it('supervisors only; a bad period is a 4xx', async () => {
    const token = (await s.api('POST', '/auth/login', { email: 'ann@example.com', password: 'password-1' }, null)).body.token;
    expect((await s.api('GET', `/reports/summary?${period}`, undefined, token)).status).toBe(403);
    expect((await s.api('GET', `/reports/agents?${period}`, undefined, token)).status).toBe(403);
    const backwards = await s.api('GET', '/reports/summary?from=2026-11-25&to=2026-11-24');
    expect(backwards).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    expect((await s.api('GET', '/reports/summary?from=yesterday')).status).toBe(400);
  });
});
