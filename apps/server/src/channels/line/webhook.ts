import { createHash } from 'node:crypto';
import { z } from 'zod';
import { hmacSha256, headerValue, invalidSignature, requireSecret, safeEqual } from '../webhooks/signatures.ts';
import { fallbackText, parsePayload } from '../webhooks/parse-payload.ts';
import type { PlatformMeta } from '../platform-meta.ts';
import type { Attachment, ChannelEvent, InboundEvent, WebhookAdapter, WebhookContext } from '../types.ts';
import { fetchDisplayNames } from './profile.ts';
import { sendWelcome } from './welcome.ts';

const Source = z.looseObject({ type: z.string(), userId: z.string().optional(), groupId: z.string().optional(), roomId: z.string().optional() });
const Event = z.looseObject({
  type: z.string(),
  webhookEventId: z.string().optional(),
  timestamp: z.number().optional(),
  replyToken: z.string().optional(),
  source: Source.optional(),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean().optional() }).optional(),
  message: z.looseObject({ type: z.string(), id: z.string() }).optional(),
  postback: z.looseObject({ data: z.string(), params: z.record(z.string(), z.unknown()).optional() }).optional(),
  unsend: z.looseObject({ messageId: z.string() }).optional(),
});
const Payload = z.looseObject({ destination: z.string().optional(), events: z.array(Event) });
type LineEvent = z.infer<typeof Event>;
type LineMessage = NonNullable<LineEvent['message']> & Record<string, any>;

/** Replies must go where the message came from: the group or room, else the user. */
const target = (s: z.infer<typeof Source>) => s.groupId ?? s.roomId ?? s.userId;

function messageContent(m: LineMessage): { text: string; attachments: Attachment[] } {
  switch (m.type) {
    case 'text':
      return { text: String(m.text ?? ''), attachments: [] };
    case 'sticker':
      return { text: fallbackText('sticker'), attachments: [{ type: 'sticker', platformId: `${m.packageId}/${m.stickerId}`, packageId: m.packageId, stickerId: m.stickerId }] };
    case 'image':
    case 'video':
    case 'audio': {
      const url = m.contentProvider?.type === 'external' ? m.contentProvider.originalContentUrl : undefined;
      return { text: fallbackText(m.type), attachments: [{ type: m.type, platformId: m.id, ...(url && { url }) }] };
    }
    case 'file':
      return { text: fallbackText('file', m.fileName), attachments: [{ type: 'file', platformId: m.id, filename: m.fileName, size: m.fileSize }] };
    case 'location':
      return { text: fallbackText('location', [m.title, m.address].filter(Boolean).join(' ')), attachments: [{ type: 'location', latitude: m.latitude, longitude: m.longitude, title: m.title, address: m.address }] };
    default:
      return { text: fallbackText(m.type), attachments: [] };
  }
}

/**
 * Redeliveries carry the same webhookEventId; events from before LINE added
 * it (2021) have none, so a digest of what identifies the event stands in:
 * the same event hashes the same, and no postback is acknowledged unstored.
 */
function postbackId(e: LineEvent, to: string): string {
  if (e.webhookEventId) return e.webhookEventId;
  const digest = createHash('sha256').update(JSON.stringify([to, e.timestamp, e.replyToken, e.postback?.data, e.postback?.params])).digest('hex');
  return `postback-${digest.slice(0, 32)}`;
}

/** The date/time picker answers in params (datetime, date or time): the agent must read what was picked. */
function postbackContent(p: NonNullable<LineEvent['postback']>): { text: string; attachments: Attachment[] } {
  const params = Object.entries(p.params ?? {}).filter(([, v]) => typeof v === 'string' || typeof v === 'number');
  const text = [p.data, ...params.map(([k, v]) => `${k}: ${v}`)].filter(Boolean).join('\n');
  return { text: text || fallbackText('postback'), attachments: [{ type: 'postback', data: p.data, ...(p.params && { params: p.params }) }] };
}

/**
 * The reply token lets the first answer go out free through the Reply API
 * (send.ts). A redelivered event's token is usually spent or expired: not kept.
 * In a group or room the contact is the group, so who spoke is kept apart.
 */
function meta(e: LineEvent): PlatformMeta | undefined {
  const m: PlatformMeta = {};
  if (e.replyToken && !e.deliveryContext?.isRedelivery) m.replyToken = e.replyToken;
  if (e.source && e.source.type !== 'user' && e.source.userId) m.speaker = { id: e.source.userId };
  const quoted = (e.message as LineMessage | undefined)?.quotedMessageId;
  if (typeof quoted === 'string') m.replyTo = { platformId: quoted };
  return Object.keys(m).length ? m : undefined;
}

function toEvent(e: LineEvent): ChannelEvent | undefined {
  const to = e.source && target(e.source);
  if (!to) return undefined;
  const contact = { externalId: to };
  const platformMeta = meta(e);
  if (e.type === 'message' && e.message) {
    return { kind: 'message', contact, externalMessageId: e.message.id, ...messageContent(e.message as LineMessage), ...(platformMeta && { platformMeta }) } satisfies InboundEvent;
  }
  if (e.type === 'postback' && e.postback) {
    return { kind: 'message', contact, externalMessageId: postbackId(e, to), ...postbackContent(e.postback), ...(platformMeta && { platformMeta }) } satisfies InboundEvent;
  }
  if (e.type === 'unsend' && e.unsend) return { kind: 'unsend', platformMessageId: e.unsend.messageId };
  // A new friend (or one who unblocked): the channel's welcome, if it has one; no conversation opens.
  if (e.type === 'follow' && e.replyToken && !e.deliveryContext?.isRedelivery) return { kind: 'action', action: 'welcome', params: { replyToken: e.replyToken, to } };
  // unfollow, join, leave, read…: nothing for an agent to answer, acknowledged and dropped.
  return undefined;
}

export const lineWebhook: WebhookAdapter = {
  verify(ctx: WebhookContext) {
    const secret = requireSecret(ctx.secrets.channelSecret, 'channelSecret');
    const given = headerValue(ctx.headers['x-line-signature']);
    if (!given || !safeEqual(given, hmacSha256(secret, ctx.raw, 'base64'))) throw invalidSignature('x-line-signature does not match the body');
  },
  parse(body) {
    return parsePayload(Payload, body).events.flatMap((e) => toEvent(e) ?? []);
  },
  enrich: fetchDisplayNames,
  act: sendWelcome,
};
