import { z } from 'zod';
import { metaChallenge, verifyMetaSignature } from '../meta/verification.ts';
import { fallbackText, parsePayload } from '../webhooks/parse-payload.ts';
import type { Attachment, InboundEvent, WebhookAdapter } from '../types.ts';

const Messaging = z.looseObject({
  sender: z.looseObject({ id: z.string() }),
  message: z.looseObject({ mid: z.string(), text: z.string().optional(), is_echo: z.boolean().optional(), attachments: z.array(z.looseObject({ type: z.string() })).optional() }).optional(),
  postback: z.looseObject({ mid: z.string().optional(), title: z.string().optional(), payload: z.string().optional() }).optional(),
  timestamp: z.number().optional(),
});
const Payload = z.looseObject({ object: z.literal('page'), entry: z.array(z.looseObject({ messaging: z.array(Messaging).optional() })) });
type Item = z.infer<typeof Messaging>;

const KINDS: Record<string, Attachment['type']> = { image: 'image', video: 'video', audio: 'audio', file: 'file', location: 'location' };

function attachment(a: { type: string } & Record<string, any>): Attachment {
  const p = a.payload ?? {};
  if (a.type === 'image' && p.sticker_id) return { type: 'sticker', url: p.url, platformId: String(p.sticker_id) };
  if (a.type === 'location') return { type: 'location', latitude: p.coordinates?.lat, longitude: p.coordinates?.long };
  return { type: KINDS[a.type] ?? 'file', ...(p.url && { url: p.url }) };
}

function toInbound(m: Item): InboundEvent | undefined {
  const contact = { externalId: m.sender.id };
  // Echoes are our own page's sends coming back: never a customer message.
  if (m.message && !m.message.is_echo) {
    const attachments = (m.message.attachments ?? []).map((a) => attachment(a));
    const text = m.message.text ?? attachments.map((a) => fallbackText(a.type)).join(' ');
    return { kind: 'message', contact, externalMessageId: m.message.mid, text, attachments };
  }
  if (m.postback) {
    // Older postbacks carry no mid; sender + timestamp is then what identifies a redelivery.
    const id = m.postback.mid ?? `postback:${m.sender.id}:${m.timestamp ?? ''}`;
    return { kind: 'message', contact, externalMessageId: id, text: m.postback.title ?? m.postback.payload ?? '', attachments: [] };
  }
  return undefined; // delivery, read, optin…
}

export const messengerWebhook: WebhookAdapter = {
  verify: verifyMetaSignature,
  challenge: metaChallenge,
  parse(body) {
    return parsePayload(Payload, body).entry.flatMap((e) => (e.messaging ?? []).flatMap((m) => toInbound(m) ?? []));
  },
};
