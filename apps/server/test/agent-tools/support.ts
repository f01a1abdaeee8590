import { expect } from 'vitest';
import { makeApi, type Api, type TestServer } from '../harness.ts';

let n = 0;

/** A ready agent with a password, and its own session's API. */
export async function staff(s: TestServer, name: string, role: 'agent' | 'supervisor' | 'admin' = 'agent', capacity = 5) {
  const email = `${name.toLowerCase().replace(/\W/g, '')}-${n++}@agent-tools.test`;
  const created = await s.api('POST', '/agents', { name, email, password: 'password-1', role, capacity });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const token = (await s.api('POST', '/auth/login', { email, password: 'password-1' }, null)).body.token as string;
  const api: Api = makeApi(s.url, token);
  return { id, token, api, name };
}

export async function ready(s: TestServer, agentId: string) {
  expect((await s.api('PUT', `/agents/${agentId}/presence`, { presence: 'ready' })).status).toBe(200);
}

export async function apiChannel(s: TestServer, config: Record<string, unknown> = {}) {
  const res = await s.api('POST', '/channels', { type: 'api', name: `API ${n++}`, bot: false, config });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** A customer writes on the channel; with no bot and one ready agent, it is that agent's at once. */
export async function customerWrites(s: TestServer, channelId: string, externalId: string, text: string) {
  const res = await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId, name: 'Wang Xiaoming' }, text });
  expect(res.status).toBeLessThan(300);
  return { ...(res.body as { conversationId: string; messageId: string; status: string }), created: res.status === 201 };
}

export const messages = async (s: TestServer, conv: string) => (await s.api('GET', `/conversations/${conv}/messages`)).body.items as Array<Record<string, any>>;
export const history = async (s: TestServer, conv: string) => (await s.api('GET', `/conversations/${conv}/events`)).body.items as Array<Record<string, any>>;
