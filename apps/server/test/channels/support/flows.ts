import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import type { TestServer } from '../../harness.ts';

export const hmac = (key: string, body: string, encoding: 'hex' | 'base64') => createHmac('sha256', key).update(body).digest(encoding);

export async function createChannel(s: TestServer, type: string, config: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const res = await s.api('POST', '/channels', { type, name: `${type} test`, bot: true, config, ...extra });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** POSTs a raw body to a webhook with the given headers (the body is sent byte-for-byte as given). */
export async function postWebhook(s: TestServer, path: string, body: string, headers: Record<string, string>) {
  const res = await fetch(`${s.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export async function createReadyAgent(s: TestServer, email: string) {
  const agent = await s.api('POST', '/agents', { name: email.split('@')[0], email, capacity: 10 });
  expect(agent.status).toBe(201);
  const ready = await s.api('PUT', `/agents/${agent.body.id}/presence`, { presence: 'ready' });
  expect(ready.status).toBe(200);
  return agent.body.id as string;
}

/**
 * Brings the conversation to `processing` the way a customer does: the handoff
 * keyword routes it to the only ready agent (auto mode).
 */
export async function handToAgent(s: TestServer, conversationId: string, send: () => Promise<unknown>) {
  await send();
  const conv = await s.api('GET', `/conversations/${conversationId}`);
  expect(conv.body.status).toBe('processing');
  return conv.body.assigneeId as string;
}

export async function agentReply(s: TestServer, conversationId: string, text: string, agentId: string) {
  const res = await s.api('POST', `/conversations/${conversationId}/messages`, { text, agentId });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

export async function messagesOf(s: TestServer, conversationId: string) {
  const res = await s.api('GET', `/conversations/${conversationId}/messages`);
  return res.body.items as Array<{ id: string; sender: string; text: string; attachments: any[]; delivery: string | null; deliveryError: string | null; externalMessageId: string | null }>;
}

export async function conversationOf(s: TestServer, channelId: string, messageExternalId: string) {
  const row = await s.container.deps.db
    .selectFrom('messages')
    .select('conversation_id')
    .where('channel_id', '=', channelId)
    .where('external_id', '=', messageExternalId)
    .executeTakeFirstOrThrow();
  return row.conversation_id;
}

/** A Cloud API `messages` webhook as documented (developers.facebook.com, WhatsApp "Webhooks"): one message from `waId` to the business number `phoneNumberId`. */
export function whatsappInbound(phoneNumberId: string, waId: string, message: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: 'Kerry Fisher' }, wa_id: waId }],
              messages: [{ from: waId, timestamp: '1749416383', ...message }],
            },
          },
        ],
      },
    ],
  };
}
