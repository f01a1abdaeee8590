import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { botRuntime } from '../src/bot/runtime.ts';
import { ensureAdminWorkspace } from '../src/workspaces/workspaces.ts';
import { makeApi, type Api, type TestServer } from './harness.ts';

/** A fresh workspace on a shared server: isolation without a database per test. */
export async function freshWorkspace(s: TestServer, channel: Record<string, unknown> = {}) {
  const token = `ws_${randomBytes(8).toString('hex')}`;
  const workspaceId = await ensureAdminWorkspace(s.container.deps, token);
  const api = makeApi(s.url, token);
  const res = await api('POST', '/channels', { type: 'api', name: 'API', bot: true, ...channel });
  expect(res.status).toBe(201);
  return { api, token, workspaceId, channelId: res.body.id as string };
}

export type Workspace = Awaited<ReturnType<typeof freshWorkspace>>;

let customers = 0;
export const newCustomer = () => `cust-${++customers}`;

/** A customer message through the public inbound API. */
export async function customerSays(w: Pick<Workspace, 'api' | 'channelId'>, externalId: string, text: string, channelId = w.channelId) {
  const res = await w.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId }, text });
  expect([200, 201]).toContain(res.status);
  return res.body as { conversationId: string; messageId: string; status: string };
}

export async function transcript(api: Api, conversationId: string): Promise<string[]> {
  const res = await api('GET', `/conversations/${conversationId}/messages`);
  return res.body.items.map((m: any) => `${m.sender}: ${m.text}`);
}

export async function botLines(api: Api, conversationId: string): Promise<string[]> {
  const res = await api('GET', `/conversations/${conversationId}/messages`);
  return res.body.items.filter((m: any) => m.sender === 'bot').map((m: any) => m.text);
}

export async function historyOf(api: Api, conversationId: string, type?: string): Promise<any[]> {
  const res = await api('GET', `/conversations/${conversationId}/events`);
  return res.body.items.filter((e: any) => !type || e.type === type);
}

export async function statusOf(api: Api, conversationId: string): Promise<string> {
  return (await api('GET', `/conversations/${conversationId}`)).body.status;
}

/** Waits for script HTTP calls (and the transactions resuming them) started by this server. */
export const scriptCallsSettled = (s: TestServer) => botRuntime(s.container.deps).whenIdle();

export interface StandIn {
  url: string;
  requests: Array<{ method: string; path: string; body: string }>;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, body: string) => { status?: number; body?: unknown; raw?: string; delayMs?: number };

/** A stand-in HTTP service on port 0 for script http steps. */
export async function startStandIn(handler: Handler): Promise<StandIn> {
  const requests: StandIn['requests'] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', body });
      const answer = handler(req, body);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
        res.end(answer.raw ?? JSON.stringify(answer.body ?? {}));
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
