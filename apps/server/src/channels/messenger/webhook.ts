import { z } from 'zod';
import { metaChallenge, verifyMetaSignature } from '../meta/verification.ts';
import { fallbackText, parsePayload } from '../webhooks/parse-payload.ts';
import type { Attachment, ChannelEvent, WebhookAdapter } from '../types.ts';
import { fetchProfileNames } from './profile.ts';

const Messaging = z.looseObject({
  sender: z.looseObject({ id: z.string() }),
  message: z.looseObject({ mid: z.string(), text: z.string().optional(), is_echo: z.boolean().optional(), is_deleted: z.boolean().optional(), quick_reply: z.looseObject({ payload: z.string().optional() }).optional(), attachments: z.array(z.looseObject({ type: z.string() })).optional() }).optional(),
  postback: z.looseObject({ mid: z.string().optional(), title: z.string().optional(), payload: z.string().optional() }).optional(),
  read: z.looseObject({ watermark: z.number() }).optional(),
  delivery: z.looseObject({ watermark: z.number().optional(), mids: z.array(z.string()).optional() }).optional(),
  reaction: z.looseObject({ mid: z.string(), action: z.string().optional(), emoji: z.string().optional(), reaction: z.string().optional() }).optional(),
  timestamp: z.number().optional(),
});
const Entry = z.looseObject({ messaging: z.array(Messaging).optional() });
type Item = z.infer<typeof Messaging>;

const KINDS: Record<string, Attachment['type']> = { image: 'image', video: 'video', audio: 'audio', file: 'file', location: 'location' };

function attachment(a: { type: string } & Record<string, any>): Attachment {
  const p = a.payload ?? {};
  if (a.type === 'image' && p.sticker_id) return { type: 'sticker', url: p.url, platformId: String(p.sticker_id) };
  if (a.type === 'location') return { type: 'location', latitude: p.coordinates?.lat, longitude: p.coordinates?.long };
  return { type: KINDS[a.type] ?? 'file', ...(p.url && { url: p.url }) };
}

/** Messenger and Instagram send the same `messaging` items (Instagram's object is "instagram"). */
export function messagingEvents(m: Item): ChannelEvent[] {
  const contact = { externalId: m.sender.id };
  // Instagram: the customer deleted (unsent) a message.
  if (m.message?.is_deleted) return [{ kind: 'unsend', platformMessageId: m.message.mid }];
  // Echoes are our own page's sends coming back: never a customer message.
  if (m.message && !m.message.is_echo) {
    const attachments = (m.message.attachments ?? []).map((a) => attachment(a));
    // A quick reply tap: the text is the cut title the customer saw, the payload the option's value (quick-replies.ts).
    const text = m.message.quick_reply?.payload || (m.message.text ?? attachments.map((a) => fallbackText(a.type)).join(' '));
    return [{ kind: 'message', contact, externalMessageId: m.message.mid, text, attachments }];
  }
  if (m.postback) {
    // Older postbacks carry no mid; sender + timestamp is then what identifies a redelivery.
    const id = m.postback.mid ?? `postback:${m.sender.id}:${m.timestamp ?? ''}`;
    return [{ kind: 'message', contact, externalMessageId: id, text: m.postback.title ?? m.postback.payload ?? '', attachments: [] }];
  }
  // Reads and deliveries name a time (everything we sent before it), deliveries sometimes the mids.
  if (m.read) return [{ kind: 'receipt', platformMessageId: '', status: 'read', upTo: { contactExternalId: m.sender.id, watermark: m.read.watermark } }];
  if (m.delivery?.mids?.length) return m.delivery.mids.map((mid) => ({ kind: 'receipt', platformMessageId: mid, status: 'delivered' }));
  if (m.delivery?.watermark) return [{ kind: 'receipt', platformMessageId: '', status: 'delivered', upTo: { contactExternalId: m.sender.id, watermark: m.delivery.watermark } }];
  if (m.reaction) return [{ kind: 'reaction', platformMessageId: m.reaction.mid, emoji: m.reaction.action === 'unreact' ? '' : (m.reaction.emoji ?? m.reaction.reaction ?? '') }];
  return []; // optin, referral…
}

export const messagingPayload = (object: 'page' | 'instagram') => z.looseObject({ object: z.literal(object), entry: z.array(Entry) });
const Payload = messagingPayload('page');

export const messengerWebhook: WebhookAdapter = {
  verify: verifyMetaSignature,
  challenge: metaChallenge,
  parse(body) {
    return parsePayload(Payload, body).entry.flatMap((e) => (e.messaging ?? []).flatMap(messagingEvents));
  },
  enrich: fetchProfileNames,
};
