import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';
import { botLines, customerSays, freshWorkspace, historyOf, newCustomer, transcript, type Workspace } from './bot-support.ts';

let s: TestServer;
let w: Workspace;

/** Every step type but http: send, ask (validated, retried, given up), branch, set, handoff, end resolved and end bot. */
const AGE_SCRIPT = {
  id: 'age-check',
  name: 'Age check',
  start: 'greet',
  steps: [
    { id: 'greet', type: 'send', text: 'Hi! A quick question.', next: 'ask_age' },
    { id: 'ask_age', type: 'ask', text: 'How old are you?', variable: 'age', input: { kind: 'number', min: 1, max: 120 }, maxAttempts: 2, retryText: 'Please give an age from 1 to 120.', next: 'by_age', onFail: 'gave_up' },
    { id: 'by_age', type: 'branch', cases: [{ when: { variable: 'age', op: 'gte', value: 65 }, next: 'senior' }], default: 'done' },
    { id: 'senior', type: 'set', skills: ['Seniors'], priority: 10, attributes: { ageGroup: 'senior' }, variables: { tier: 'gold' }, next: 'to_agent' },
    { id: 'to_agent', type: 'handoff', text: 'Connecting you with our senior desk.' },
    { id: 'done', type: 'end', outcome: 'resolved', text: 'Thanks, noted {{age}}.' },
    { id: 'gave_up', type: 'end', outcome: 'bot', text: 'No problem, back to the main menu.' },
  ],
};

async function publish(def: Record<string, unknown>) {
  const created = await w.api('POST', '/scripts', def);
  expect(created.status).toBe(201);
  const published = await w.api('POST', `/scripts/${created.body.id}/publish`);
  expect(published.status).toBe(200);
  return published.body;
}

async function startedByRule(pattern: string, scriptId: string) {
  const res = await w.api('POST', '/bot/keywords', { match: 'exact', pattern, action: { type: 'start_script', scriptId } });
  expect(res.status).toBe(201);
}

describe('conversation scripts through the API', () => {
  beforeAll(async () => {
    s = await startTestServer();
  });
  beforeEach(async () => {
    w = await freshWorkspace(s);
  });
  afterAll(() => s.close());

  it('refuses an invalid draft with 400 listing each problem by step', async () => {
    const bad = { id: 'broken', start: 'a', steps: [{ id: 'a', type: 'send', text: 'hi', next: 'nowhere' }, { id: 'b', type: 'teleport' }] };
    const res = await w.api('POST', '/scripts', bad);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toMatch(/step a: .*nowhere/);
    expect(res.body.error.details).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'dangling_edge', step: 'a' }),
      expect.objectContaining({ code: 'unknown_step_type', step: 'b' }),
    ]));
    const loop = { start: 'a', steps: [{ id: 'a', type: 'send', text: 'x', next: 'a' }] };
    expect((await w.api('POST', '/scripts', loop)).body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'loop_without_input' })]));
    expect((await w.api('POST', '/scripts', { ...AGE_SCRIPT, id: 'bad id!' })).status).toBe(400);
    await w.api('POST', '/scripts', AGE_SCRIPT);
    expect((await w.api('POST', '/scripts', AGE_SCRIPT)).status).toBe(409);
    const put = await w.api('PUT', '/scripts/age-check', { ...AGE_SCRIPT, start: 'missing' });
    expect(put.status).toBe(400);
    expect(put.body.error.details[0]).toMatchObject({ code: 'missing_start' });
    const ask = { id: 'q', type: 'ask', text: 'Order?', variable: 'order', input: { kind: 'text', pattern: '(?<=SB-)\\d+' }, next: 'done' };
    const lookbehind = await w.api('POST', '/scripts', { id: 'lb', start: 'q', steps: [ask, { id: 'done', type: 'end', outcome: 'resolved' }] });
    expect(lookbehind.status).toBe(400);
    expect(lookbehind.body.error.details[0]).toMatchObject({ code: 'invalid_regex', step: 'q', message: expect.stringMatching(/lookbehind .* not supported/) });
  });

  it('validates answers, retries, branches, records set updates and hands off with the skills and priority set', async () => {
    await publish(AGE_SCRIPT);
    await startedByRule('check', 'age-check');
    const c = newCustomer();
    const { conversationId, status } = await customerSays(w, c, 'check');
    expect(status).toBe('script');
    expect((await customerSays(w, c, 'old enough')).status).toBe('script');
    const last = await customerSays(w, c, '７０');
    expect(last.status).toBe('waiting');
    expect(await transcript(w.api, conversationId)).toEqual([
      'customer: check',
      'bot: Hi! A quick question.',
      'bot: How old are you?',
      'customer: old enough',
      'bot: Please give an age from 1 to 120.',
      'customer: ７０',
      'bot: Connecting you with our senior desk.',
      'system: You are number 1 in the queue. Estimated wait: as soon as an agent is free.',
    ]);
    const conv = (await w.api('GET', `/conversations/${conversationId}`)).body;
    expect(conv).toMatchObject({ status: 'waiting', skills: ['seniors'], priority: 10 });
    expect((await w.api('GET', `/contacts/${conv.contactId}`)).body.attributes).toMatchObject({ ageGroup: 'senior' });
    const row = await s.container.deps.db.selectFrom('conversations').select('script_state').where('id', '=', conversationId).executeTakeFirstOrThrow();
    expect(row.script_state).toMatchObject({ scriptId: 'age-check', version: 1, status: 'handed_off', variables: { age: 70, tier: 'gold' } });
    const steps = await historyOf(w.api, conversationId, 'script_step');
    expect(steps.map((e) => [e.cause, e.data.step])).toEqual([['awaiting_input', 'ask_age'], ['awaiting_input', 'ask_age'], ['handoff', 'to_agent']]);
    expect(steps[2].data.events.map((e: any) => e.type)).toContain('branch_taken');
    const changes = (await historyOf(w.api, conversationId, 'status_changed')).map((e) => `${e.from}→${e.to}:${e.cause}`);
    expect(changes).toEqual(['null→script:customer_message', 'script→waiting:script_handoff']);
    // R7: queued now, so the script and the bot stay silent.
    await customerSays(w, c, '70');
    expect((await botLines(w.api, conversationId)).length).toBe(4);
  });

  it('ends resolved (completed, script_resolved) or back to the bot after giving up', async () => {
    await publish(AGE_SCRIPT);
    await startedByRule('check', 'age-check');
    const a = newCustomer();
    const first = await customerSays(w, a, 'check');
    expect((await customerSays(w, a, '30')).status).toBe('completed');
    expect((await w.api('GET', `/conversations/${first.conversationId}`)).body.closeReason).toBe('script_resolved');
    expect((await botLines(w.api, first.conversationId)).at(-1)).toBe('Thanks, noted 30.');
    const b = newCustomer();
    const second = await customerSays(w, b, 'check');
    await customerSays(w, b, 'no');
    expect((await customerSays(w, b, 'never')).status).toBe('bot');
    expect((await botLines(w.api, second.conversationId)).at(-1)).toBe('No problem, back to the main menu.');
    expect((await customerSays(w, b, 'check')).status).toBe('script');
    const changes = (await historyOf(w.api, second.conversationId, 'status_changed')).map((e) => `${e.from}→${e.to}:${e.cause}`);
    expect(changes).toEqual(['null→script:customer_message', 'script→bot:script_ended', 'bot→script:script_started']);
  });

  it('a handoff keyword leaves the script for routing', async () => {
    await publish(AGE_SCRIPT);
    await startedByRule('check', 'age-check');
    const c = newCustomer();
    await customerSays(w, c, 'check');
    expect((await customerSays(w, c, 'ＨＵＭＡＮ')).status).toBe('waiting');
  });

  it('a channel with a script starts it on a new conversation', async () => {
    await publish(AGE_SCRIPT);
    const channel = (await w.api('POST', '/channels', { type: 'api', name: 'Scripted', scriptId: 'age-check' })).body.id;
    const res = await customerSays(w, newCustomer(), 'hello', channel);
    expect(res.status).toBe('script');
    expect(await botLines(w.api, res.conversationId)).toEqual(['Hi! A quick question.', 'How old are you?']);
    const changes = (await historyOf(w.api, res.conversationId, 'status_changed')).map((e) => `${e.from}→${e.to}`);
    expect(changes).toEqual(['null→script']);
    const [decision] = await historyOf(w.api, res.conversationId, 'bot_reply');
    expect(decision).toMatchObject({ cause: 'channel_script', data: { scriptId: 'age-check' } });
  });

  it('pins a running conversation to its version when a new one is published', async () => {
    const v1 = { id: 'greeter', start: 'ask', steps: [
      { id: 'ask', type: 'ask', text: 'v1: your name?', variable: 'name', input: { kind: 'text' }, next: 'bye' },
      { id: 'bye', type: 'end', outcome: 'resolved', text: 'v1: bye {{name}}' },
    ] };
    await publish(v1);
    await startedByRule('hello', 'greeter');
    const old = newCustomer();
    const running = await customerSays(w, old, 'hello');
    const v2 = { ...v1, steps: [{ ...v1.steps[0], text: 'v2: your name?' }, { ...v1.steps[1], text: 'v2: bye {{name}}' }] };
    expect((await w.api('PUT', '/scripts/greeter', v2)).body.draft.version).toBe(2);
    expect((await w.api('POST', '/scripts/greeter/publish')).body.publishedVersion).toBe(2);
    await customerSays(w, old, 'Ann');
    expect(await botLines(w.api, running.conversationId)).toEqual(['v1: your name?', 'v1: bye Ann']);
    const fresh = await customerSays(w, newCustomer(), 'hello');
    expect(await botLines(w.api, fresh.conversationId)).toEqual(['v2: your name?']);
    const script = (await w.api('GET', '/scripts/greeter')).body;
    expect(script).toMatchObject({ publishedVersion: 2, draft: { version: 3 } });
    expect(script.versions.map((v: any) => v.version)).toEqual([1, 2]);
    expect((await w.api('GET', '/scripts/greeter/versions/1')).body.definition.steps[0].text).toBe('v1: your name?');
    expect((await w.api('GET', '/scripts/greeter/versions/3')).status).toBe(404);
  });

  it('simulates the draft without storing anything', async () => {
    await w.api('POST', '/scripts', AGE_SCRIPT);
    const sim = await w.api('POST', '/scripts/age-check/simulate', { inputs: ['abc', '80', 'extra'] });
    expect(sim.status).toBe(200);
    expect(sim.body).toMatchObject({ errors: [], final: { status: 'handed_off', variables: { age: 80, tier: 'gold' } }, unusedInputs: 1 });
    expect(sim.body.turns.map((t: any) => t.result.outputs.map((o: any) => o.text))).toEqual([
      ['Hi! A quick question.', 'How old are you?'],
      ['Please give an age from 1 to 120.'],
      ['Connecting you with our senior desk.'],
    ]);
    expect((await w.api('GET', '/conversations')).body.items).toEqual([]);
  });

  it('deletes a script only when no channel or rule starts it', async () => {
    await publish(AGE_SCRIPT);
    await startedByRule('check', 'age-check');
    const refused = await w.api('DELETE', '/scripts/age-check');
    expect(refused.status).toBe(409);
    const rules = (await w.api('GET', '/bot/keywords')).body.items;
    await w.api('DELETE', `/bot/keywords/${rules[0].id}`);
    expect((await w.api('DELETE', '/scripts/age-check')).status).toBe(204);
    expect((await w.api('GET', '/scripts')).body.items).toEqual([]);
  });
});
