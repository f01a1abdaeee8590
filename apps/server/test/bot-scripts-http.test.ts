import { SAMPLE_ORDER_STATUS_SCRIPT } from '@switchboard/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runBotInactivity } from '../src/bot/inactivity.ts';
import { configureBot } from '../src/bot/runtime.ts';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, ensureDemoWorkspace } from '../src/seed/demo.ts';
import { makeApi, startTestServer, type TestServer } from './harness.ts';
import { botLines, customerSays, freshWorkspace, historyOf, newCustomer, scriptCallsSettled, startStandIn, statusOf, type StandIn, type Workspace } from './bot-support.ts';

let s: TestServer;
let w: Workspace;
let orders: StandIn;

const { id: _id, version: _v, ...orderScript } = SAMPLE_ORDER_STATUS_SCRIPT;

/** A lookup with a short timeout, for the failure paths. */
const QUICK_LOOKUP = {
  id: 'quick',
  start: 'ask',
  steps: [
    { id: 'ask', type: 'ask', text: 'Order number?', variable: 'n', input: { kind: 'text' }, next: 'lookup' },
    { id: 'lookup', type: 'http', method: 'POST', url: '{{baseUrl}}/lookup', body: { order: '{{n}}' }, timeoutMs: 300, save: { state: 'status' }, next: 'tell', onError: 'failed' },
    { id: 'tell', type: 'end', outcome: 'bot', text: 'It is {{state}}.' },
    { id: 'failed', type: 'handoff', text: 'Lookup failed; connecting you to a person.' },
  ],
};

async function publishWithRule(def: Record<string, unknown>, pattern: string) {
  expect((await w.api('POST', '/scripts', def)).status).toBe(201);
  await w.api('POST', `/scripts/${def.id}/publish`);
  await w.api('POST', '/bot/keywords', { match: 'exact', pattern, action: { type: 'start_script', scriptId: def.id } });
}

describe('script http steps', () => {
  beforeAll(async () => {
    s = await startTestServer();
    orders = await startStandIn((req, body) => {
      if (req.url?.startsWith('/demo/orders/SB-10001')) return { body: { status: 'shipped', eta: '2026-12-01' } };
      if (req.url === '/lookup' && body.includes('slow')) return { body: { status: 'late' }, delayMs: 1500 };
      if (req.url === '/lookup' && body.includes('broken')) return { status: 500, body: {} };
      if (req.url === '/lookup' && body.includes('garbage')) return { raw: 'not json' };
      if (req.url === '/lookup') return { body: { status: 'packed' } };
      return { status: 404, body: {} };
    });
  });
  beforeEach(async () => {
    w = await freshWorkspace(s);
    await w.api('PATCH', '/settings/bot', { scriptVariables: { baseUrl: orders.url } });
  });
  afterAll(async () => {
    await orders.close();
    await s.close();
  });

  it('runs the sample order script: calls out after commit, saves fields, resumes, then hands off to billing', async () => {
    await publishWithRule({ id: 'order-status', ...orderScript }, 'order status');
    const c = newCustomer();
    const { conversationId } = await customerSays(w, c, 'Order Status');
    expect((await customerSays(w, c, 'nope')).status).toBe('script');
    expect((await customerSays(w, c, 'ＳＢ－１０００１')).status).toBe('script');
    await scriptCallsSettled(s);
    expect(orders.requests.at(-1)).toMatchObject({ method: 'GET', path: '/demo/orders/SB-10001' });
    const lines = await botLines(w.api, conversationId);
    expect(lines.at(-2)).toBe('訂單 SB-10001 的狀態：shipped。Order SB-10001 is shipped.');
    expect(lines.at(-1)).toMatch(/Do you need help with billing/);
    expect((await customerSays(w, c, 'はい')).status).toBe('waiting');
    expect((await w.api('GET', `/conversations/${conversationId}`)).body.skills).toEqual(['billing']);
    const steps = (await historyOf(w.api, conversationId, 'script_step')).map((e) => `${e.cause}@${e.data.step}`);
    expect(steps).toEqual(['awaiting_input@ask_order', 'awaiting_input@ask_order', 'http_request@lookup', 'awaiting_input@ask_billing', 'handoff@to_billing']);
  });

  it('sends a JSON body and goes on to the next step with the saved value', async () => {
    await publishWithRule(QUICK_LOOKUP, 'lookup');
    const c = newCustomer();
    const { conversationId } = await customerSays(w, c, 'lookup');
    await customerSays(w, c, 'A1');
    await scriptCallsSettled(s);
    expect(JSON.parse(orders.requests.at(-1)!.body)).toEqual({ order: 'A1' });
    expect((await botLines(w.api, conversationId)).at(-1)).toBe('It is packed.');
    expect(await statusOf(w.api, conversationId)).toBe('bot');
  });

  it.each([
    ['slow', 'timeout'],
    ['broken', 'status'],
    ['garbage', 'invalid_json'],
  ])('a %s answer (%s) takes the onError path', async (order, error) => {
    await publishWithRule(QUICK_LOOKUP, 'lookup');
    const c = newCustomer();
    const { conversationId } = await customerSays(w, c, 'lookup');
    await customerSays(w, c, order);
    await scriptCallsSettled(s);
    expect((await botLines(w.api, conversationId)).at(-1)).toBe('Lookup failed; connecting you to a person.');
    expect(await statusOf(w.api, conversationId)).toBe('waiting');
    const failed = (await historyOf(w.api, conversationId, 'script_step')).at(-1)!.data.events.find((e: any) => e.type === 'http_failed');
    expect(failed.data.error).toBe(error);
  });

  it('ignores an HTTP result once the customer has left the script', async () => {
    await publishWithRule(QUICK_LOOKUP, 'lookup');
    const c = newCustomer();
    const { conversationId } = await customerSays(w, c, 'lookup');
    await customerSays(w, c, 'slow');
    expect((await customerSays(w, c, 'agent')).status).toBe('waiting');
    await scriptCallsSettled(s);
    expect((await botLines(w.api, conversationId)).at(-1)).toBe('Order number?');
    expect(await statusOf(w.api, conversationId)).toBe('waiting');
  });

  it('resumes a script whose HTTP call was lost (its process died) with a timeout once the stored deadline passes', async () => {
    await publishWithRule(QUICK_LOOKUP, 'lookup');
    const c = newCustomer();
    const { conversationId } = await customerSays(w, c, 'lookup');
    // What a process that died mid-call leaves behind: awaiting HTTP, with a deadline and nobody calling.
    const db = s.container.deps.db;
    const row = await db.selectFrom('conversations').select('script_state').where('id', '=', conversationId).executeTakeFirstOrThrow();
    const state = { ...(row.script_state as object), status: 'awaiting_http', stepId: 'lookup' };
    await db.updateTable('conversations').set({ script_state: JSON.stringify(state), bot_deadline: s.clock.now() + 5300 }).where('id', '=', conversationId).execute();
    await runBotInactivity(s.container.deps);
    expect(await statusOf(w.api, conversationId)).toBe('script');
    s.clock.advance(6000);
    await runBotInactivity(s.container.deps);
    expect(await statusOf(w.api, conversationId)).toBe('waiting');
    expect((await botLines(w.api, conversationId)).at(-1)).toBe('Lookup failed; connecting you to a person.');
  });

  it('the demo workspace answers from its FAQ and runs the order script against the built-in demo endpoint', async () => {
    configureBot(s.container.deps, { baseUrl: s.url });
    const demo = await ensureDemoWorkspace(s.container.deps);
    const login = await makeApi(s.url, null)('POST', '/auth/login', { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD, workspaceId: demo.workspaceId });
    const api = makeApi(s.url, login.body.token);
    const webchat = (await api('GET', '/channels')).body.items.find((ch: any) => ch.type === 'webchat').id;
    // Posting as the customer takes an inbound-scoped API key (SPEC §7), not the admin's session.
    const key = (await api('POST', '/api-keys', { name: 'customer stand-in', scopes: ['inbound'] })).body.key;
    const d = { api: makeApi(s.url, key), channelId: webchat };
    const faq = await customerSays(d, newCustomer(), '忘記密碼怎麼辦');
    expect((await botLines(api, faq.conversationId))[0]).toMatch(/忘記密碼/);
    const c = newCustomer();
    const { conversationId } = await customerSays(d, c, '查訂單');
    await customerSays(d, c, 'SB-10002');
    await scriptCallsSettled(s);
    expect((await botLines(api, conversationId)).some((l) => /Order SB-10002 is (processing|shipped|out for delivery|delivered)\./.test(l))).toBe(true);
    configureBot(s.container.deps, {});
  });
});
