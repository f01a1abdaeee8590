import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { makeApi, startTestServer, type TestServer } from './harness.ts';

/** SPEC §7 / issue #11: every admin change is in the audit log (who, what, before/after, when), for admins only. */
describe('audit log', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  it('records agent, channel, settings and bot changes with before and after, never a secret', async () => {
    const agent = (await s.api('POST', '/agents', { name: 'Ann', email: 'ann@audit.example', capacity: 3 })).body.id;
    await s.api('PATCH', `/agents/${agent}`, { capacity: 7 });
    const channel = (await s.api('POST', '/channels', { type: 'telegram', name: 'TG', config: { botToken: 'tg-secret-value' } })).body.id;
    await s.api('PATCH', `/channels/${channel}`, { name: 'Telegram', config: { botToken: 'another-secret-value' } });
    await s.api('PATCH', '/settings/routing', { dispatchPerAgent: 2 });
    const rule = await s.api('POST', '/bot/keywords', { match: 'contains', pattern: 'refund', reply: 'We will help.' });
    const log = await s.api('GET', '/audit-log?limit=50');
    expect(log.status).toBe(200);
    const actions = log.body.items.map((i: any) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['agent.created', 'agent.updated', 'channel.created', 'channel.updated', 'settings.routing_updated']));
    expect(rule.status).toBe(201);
    expect(actions).toContain('keyword_rule.created');
    const updated = log.body.items.find((i: any) => i.action === 'agent.updated');
    expect(updated).toMatchObject({
      actor: { type: 'admin', id: null },
      target: { type: 'agent', id: agent },
      before: { capacity: 3 },
      after: { capacity: 7 },
    });
    expect(Date.parse(updated.at)).toBe(s.clock.now());
    expect(JSON.stringify(log.body)).not.toContain('secret-value');
  });

  it('is for admins only', async () => {
    await s.api('POST', '/agents', { name: 'Sup', email: 'sup@audit.example', password: 'password-1', role: 'supervisor' });
    const token = (await s.api('POST', '/auth/login', { email: 'sup@audit.example', password: 'password-1' }, null)).body.token;
    expect((await makeApi(s.url, token)('GET', '/audit-log')).status).toBe(403);
  });
});

/**
 * Issue #11 "who, what, before/after, when" for the admin changes recorded
 * around the request (keyword rules, articles, scripts, contacts). On the old
 * tree every one of these rows had `before: null` and the request body as
 * `after`.
 */
describe('audit log: before and after for every kind', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  const rowsFor = async (targetId: string) => {
    const items = (await s.api('GET', '/audit-log?limit=200')).body.items as Array<{ action: string; target: { id: string }; before: any; after: any; at: string; actor: any }>;
    return Object.fromEntries(items.filter((i) => i.target.id === targetId).map((i) => [i.action, i]));
  };

  it('keyword rules: created (after), updated (before and after), deleted (before)', async () => {
    const id = (await s.api('POST', '/bot/keywords', { match: 'contains', pattern: 'refund', reply: 'We will help.' })).body.id as string;
    await s.api('PATCH', `/bot/keywords/${id}`, { reply: 'A person will help.' });
    await s.api('DELETE', `/bot/keywords/${id}`);
    const rows = await rowsFor(id);
    expect(rows['keyword_rule.created']).toMatchObject({ before: null, after: { id, reply: 'We will help.' }, actor: { type: 'admin' } });
    expect(rows['keyword_rule.updated']).toMatchObject({ before: { reply: 'We will help.' }, after: { reply: 'A person will help.' } });
    expect(rows['keyword_rule.deleted']).toMatchObject({ before: { reply: 'A person will help.' }, after: null });
    expect(Date.parse(rows['keyword_rule.deleted']!.at)).toBe(s.clock.now());
  });

  it('knowledge articles', async () => {
    const id = (await s.api('POST', '/knowledge/articles', { question: 'Do you ship to Japan?', answer: 'Yes, in 5 days.' })).body.id as string;
    await s.api('PATCH', `/knowledge/articles/${id}`, { answer: 'Yes, in 3 days.' });
    await s.api('DELETE', `/knowledge/articles/${id}`);
    const rows = await rowsFor(id);
    expect(rows['article.created']).toMatchObject({ before: null, after: { answer: 'Yes, in 5 days.' } });
    expect(rows['article.updated']).toMatchObject({ before: { answer: 'Yes, in 5 days.' }, after: { answer: 'Yes, in 3 days.' } });
    expect(rows['article.deleted']).toMatchObject({ before: { answer: 'Yes, in 3 days.' }, after: null });
  });

  it('scripts: draft replaced, published, deleted', async () => {
    const script = (text: string) => ({ id: 'greet', name: 'Greet', start: 'hi', steps: [{ id: 'hi', type: 'send', text, next: 'done' }, { id: 'done', type: 'end', outcome: 'resolved' }] });
    const created = await s.api('POST', '/scripts', script('Hello'));
    expect(created.status).toBe(201);
    await s.api('PUT', '/scripts/greet', script('Hello there'));
    await s.api('POST', '/scripts/greet/publish');
    await s.api('DELETE', '/scripts/greet');
    const rows = await rowsFor('greet');
    expect(rows['script.created']).toMatchObject({ before: null });
    expect(rows['script.created']!.after).not.toBeNull();
    expect(JSON.stringify(rows['script.updated']!.before)).toContain('"Hello"');
    expect(JSON.stringify(rows['script.updated']!.after)).toContain('Hello there');
    expect(rows['script.published']!.before.versions).toEqual([]);
    expect(rows['script.published']!.after.versions).toHaveLength(1);
    expect(rows['script.deleted']).toMatchObject({ after: null });
    expect(rows['script.deleted']!.before).not.toBeNull();
  });

  it('contacts: edited and merged', async () => {
    const a = (await s.api('POST', '/channels', { type: 'api', name: 'A', bot: false })).body.id;
    const b = (await s.api('POST', '/channels', { type: 'api', name: 'B', bot: false })).body.id;
    const first = (await s.api('POST', `/channels/${a}/inbound`, { contact: { externalId: 'dana', name: 'Dana' }, text: 'hi' })).body.conversationId;
    const second = (await s.api('POST', `/channels/${b}/inbound`, { contact: { externalId: 'dana-b', name: 'Dana B' }, text: 'hi' })).body.conversationId;
    const keep = (await s.api('GET', `/conversations/${first}`)).body.contactId as string;
    const gone = (await s.api('GET', `/conversations/${second}`)).body.contactId as string;
    await s.api('PATCH', `/contacts/${keep}`, { name: 'Dana Lee' });
    expect((await s.api('POST', `/contacts/${keep}/merge`, { contactId: gone })).status).toBe(200);
    const rows = await rowsFor(keep);
    expect(rows['contact.updated']).toMatchObject({ before: { name: 'Dana' }, after: { name: 'Dana Lee' } });
    expect(rows['contact.merged']).toMatchObject({ before: { contact: { id: keep }, merged: { id: gone, name: 'Dana B' } }, after: { id: keep } });
  });

  it('business hours: set and cleared, the workspace as the target', async () => {
    const put = await s.api('PUT', '/settings/business-hours', { timezone: 'Asia/Taipei', weekly: { mon: [['09:00', '18:00']] } });
    expect(put.status).toBe(200);
    expect((await s.api('DELETE', '/settings/business-hours')).status).toBe(200);
    const rows = await rowsFor(s.workspaceId);
    expect(JSON.stringify(rows['settings.business_hours_updated']!.after)).toContain('Asia/Taipei');
    expect(JSON.stringify(rows['settings.business_hours_cleared']!.before)).toContain('Asia/Taipei');
    expect(JSON.stringify(rows['settings.business_hours_cleared']!.after)).not.toContain('Asia/Taipei');
  });
});

/**
 * The admin changes above used to be audited around the request, after their own transaction had committed: a
 * process that died (or an audit insert that failed) between the two left a change with no audit row. Now each
 * change writes its row in its own transaction. Here the audit log refuses these rows (a CHECK constraint, a real
 * database fault), so every change must fail and leave nothing changed; on the old tree each one answered 2xx,
 * its change stored and no row written.
 */
describe('audit log: a change and its audit row commit together', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  const ACTIONS = ['keyword_rule.created', 'keyword_rule.deleted', 'article.updated', 'article.deleted', 'script.created', 'script.published', 'contact.updated', 'settings.business_hours_updated', 'settings.business_hours_cleared'];
  const refuse = (on: boolean) =>
    (on
      ? sql`ALTER TABLE audit_log ADD CONSTRAINT audit_refused CHECK (action NOT IN (${sql.join(ACTIONS.map((a) => sql.lit(a)))})) NOT VALID`
      : sql`ALTER TABLE audit_log DROP CONSTRAINT audit_refused`
    ).execute(s.container.deps.db);

  it('an admin change whose audit row cannot be written does not happen', async () => {
    const rule = (await s.api('POST', '/bot/keywords', { match: 'contains', pattern: 'refund', reply: 'We will help.' })).body.id as string;
    const article = (await s.api('POST', '/knowledge/articles', { question: 'Do you ship to Japan?', answer: 'Yes, in 5 days.' })).body.id as string;
    const steps = [{ id: 'hi', type: 'send', text: 'Hello', next: 'done' }, { id: 'done', type: 'end', outcome: 'resolved' }];
    expect((await s.api('POST', '/scripts', { id: 'kept', name: 'Kept', start: 'hi', steps })).status).toBe(201);
    const channel = (await s.api('POST', '/channels', { type: 'api', name: 'A', bot: false })).body.id;
    const conversation = (await s.api('POST', `/channels/${channel}/inbound`, { contact: { externalId: 'dana', name: 'Dana' }, text: 'hi' })).body.conversationId;
    const contact = (await s.api('GET', `/conversations/${conversation}`)).body.contactId as string;
    expect((await s.api('PUT', '/settings/business-hours', { timezone: 'Asia/Taipei', weekly: { mon: [['09:00', '18:00']] } })).status).toBe(200);
    const before = async () => ({
      rules: (await s.api('GET', '/bot/keywords')).body,
      article: (await s.api('GET', `/knowledge/articles/${article}`)).body,
      scripts: (await s.api('GET', '/scripts')).body,
      kept: (await s.api('GET', '/scripts/kept')).body,
      contact: (await s.api('GET', `/contacts/${contact}`)).body,
      hours: (await s.api('GET', '/settings/business-hours')).body,
    });
    const stored = await before();
    const rows = (await s.api('GET', '/audit-log?limit=200')).body.items.length as number;

    await refuse(true);
    try {
      const answers = [
        await s.api('POST', '/bot/keywords', { match: 'contains', pattern: 'parcel', reply: 'Tracking link.' }),
        await s.api('DELETE', `/bot/keywords/${rule}`),
        await s.api('PATCH', `/knowledge/articles/${article}`, { answer: 'Yes, in 3 days.' }),
        await s.api('DELETE', `/knowledge/articles/${article}`),
        await s.api('POST', '/scripts', { id: 'lost', name: 'Lost', start: 'hi', steps }),
        await s.api('POST', '/scripts/kept/publish'),
        await s.api('PATCH', `/contacts/${contact}`, { name: 'Dana Lee' }),
        await s.api('PUT', '/settings/business-hours', { timezone: 'Europe/Paris', weekly: { mon: [['08:00', '12:00']] } }),
        await s.api('DELETE', '/settings/business-hours'),
      ];
      expect(answers.map((a) => a.status >= 400)).toEqual(answers.map(() => true));
    } finally {
      await refuse(false);
    }
    expect(await before()).toEqual(stored);
    expect((await s.api('GET', '/audit-log?limit=200')).body.items).toHaveLength(rows);
  });
});
