import { z } from 'zod';
import { hmacSha256, headerValue, invalidSignature, requireSecret, safeEqual } from '../webhooks/signatures.ts';
import { fallbackText, parsePayload } from '../webhooks/parse-payload.ts';
import type { Attachment, InboundEvent, WebhookAdapter, WebhookContext } from '../types.ts';
import { fetchDisplayNames } from './profile.ts';

const Source = z.looseObject({ type: z.string(), userId: z.string().optional(), groupId: z.string().optional(), roomId: z.string().optional() });
const Event = z.looseObject({
  type: z.string(),
  webhookEventId: z.string().optional(),
  source: Source.optional(),
  message: z.looseObject({ type: z.string(), id: z.string() }).optional(),
  postback: z.looseObject({ data: z.string() }).optional(),
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

/** Redeliveries carry the same message id and webhookEventId, so either keys idempotency. */
function toInbound(e: LineEvent): InboundEvent | undefined {
  const to = e.source && target(e.source);
  if (!to) return undefined;
  const contact = { externalId: to };
  if (e.type === 'message' && e.message) {
    return { kind: 'message', contact, externalMessageId: e.message.id, ...messageContent(e.message as LineMessage) };
  }
  if (e.type === 'postback' && e.postback && e.webhookEventId) {
    return { kind: 'message', contact, externalMessageId: e.webhookEventId, text: e.postback.data, attachments: [] };
  }
  // follow, unfollow, join, read…: nothing for an agent to answer, acknowledged and dropped.
  return undefined;
}

export const lineWebhook: WebhookAdapter = {
  verify(ctx: WebhookContext) {
    const secret = requireSecret(ctx.secrets.channelSecret, 'channelSecret');
    const given = headerValue(ctx.headers['x-line-signature']);
    if (!given || !safeEqual(given, hmacSha256(secret, ctx.raw, 'base64'))) throw invalidSignature('x-line-signature does not match the body');
  },
  parse(body) {
    return parsePayload(Payload, body).events.flatMap((e) => toInbound(e) ?? []);
  },
  enrich: fetchDisplayNames,
};
