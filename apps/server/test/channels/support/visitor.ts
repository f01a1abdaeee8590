import WebSocket from 'ws';
import { collectFrames, makeApi, type TestServer } from '../../harness.ts';

/**
 * The widget's side of web chat: a session token, its HTTP calls and its WebSocket. Sessions are made
 * with the bootstrap admin token as the bearer, which the per-address session limit does not count
 * (SPEC §7): tests open more visitors from 127.0.0.1 than a person would (security-visitor-limits.test.ts
 * tests the limit itself).
 */
export async function startVisitor(s: TestServer, channelId: string, name?: string, email?: string) {
  const created = await makeApi(s.url, s.adminToken)('POST', `/webchat/${channelId}/sessions`, { ...(name && { name }), ...(email && { email }) });
  if (created.status !== 201) throw new Error(`session: ${created.status} ${JSON.stringify(created.body)}`);
  const token = created.body.sessionToken as string;
  return { token, contactId: created.body.contactId as string, api: makeApi(s.url, token) };
}

export async function visitorSocket(s: TestServer, token: string) {
  const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api/v1/webchat/stream?session=${encodeURIComponent(token)}`);
  const { frames, next } = collectFrames(ws);
  await next((f) => f.type === 'hello' || f.type === 'error');
  return { ws, frames, next, close: () => ws.close() };
}
