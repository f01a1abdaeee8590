import { z } from 'zod';
import { metaChallenge, verifyMetaSignature } from '../meta/verification.ts';
import { fallbackText, parsePayload } from '../webhooks/parse-payload.ts';
import type { Attachment, ChannelEvent, InboundEvent, ReceiptEvent, WebhookAdapter } from '../types.ts';
import { contactCards } from './contact-cards.ts';
import { markRead } from './mark-read.ts';

const WaMessage = z.looseObject({ from: z.string(), id: z.string(), type: z.string() });
const Status = z.looseObject({ id: z.string(), status: z.string(), errors: z.array(z.looseObject({ code: z.number().optional(), title: z.string().optional() })).optional() });
const Value = z.looseObject({
  contacts: z.array(z.looseObject({ wa_id: z.string(), profile: z.looseObject({ name: z.string().optional() }).optional() })).optional(),
  messages: z.array(WaMessage).optional(),
  statuses: z.array(Status).optional(),
});
const Payload = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.looseObject({ changes: z.array(z.looseObject({ field: z.string(), value: Value })) })),
});
type Msg = z.infer<typeof WaMessage> & Record<string, any>;

const MEDIA: Record<string, Attachment['type']> = { image: 'image', sticker: 'sticker', document: 'file', audio: 'audio', video: 'video' };

function content(m: Msg): { text: string; attachments: Attachment[] } {
  if (m.type === 'text') return { text: String(m.text?.body ?? ''), attachments: [] };
  const kind = MEDIA[m.type];
  if (kind) {
    const media = m[m.type] ?? {};
    const a: Attachment = { type: kind, platformId: media.id, contentType: media.mime_type, ...(media.filename && { filename: media.filename }) };
    return { text: media.caption || fallbackText(kind === 'file' ? 'file' : kind, media.filename), attachments: [a] };
  }
  if (m.type === 'location') {
    const l = m.location ?? {};
    return { text: fallbackText('location', [l.name, l.address].filter(Boolean).join(' ')), attachments: [{ type: 'location', latitude: l.latitude, longitude: l.longitude, name: l.name, address: l.address }] };
  }
  // A template's quick-reply button answers with its text (we send no template buttons).
  if (m.type === 'button') return { text: String(m.button?.text ?? ''), attachments: [] };
  if (m.type === 'contacts') return contactCards(m.contacts);
  if (m.type === 'interactive') return { text: interactiveChoice(m.interactive), attachments: [] };
  return { text: fallbackText(m.type), attachments: [] };
}

/**
 * A tap on our reply buttons or list: the id is the option's value
 * (quick-replies.ts), the title only what the customer saw, possibly cut.
 */
function interactiveChoice(i: Record<string, any> | undefined): string {
  const reply = i?.button_reply ?? i?.list_reply;
  return String(reply?.id || reply?.title || '');
}

function receipt(s: z.infer<typeof Status>): ReceiptEvent | undefined {
  if (!['sent', 'delivered', 'read', 'failed'].includes(s.status)) return undefined;
  const error = s.errors?.map((e) => `${e.code ?? ''} ${e.title ?? ''}`.trim()).join('; ');
  return { kind: 'receipt', platformMessageId: s.id, status: s.status as ReceiptEvent['status'], ...(error && { error }) };
}

function changeEvents(value: z.infer<typeof Value>): ChannelEvent[] {
  const names = new Map(value.contacts?.map((c) => [c.wa_id, c.profile?.name]) ?? []);
  const messages = (value.messages ?? []).map((m): ChannelEvent => {
    // A reaction is not something the customer said: it must not open or join a conversation (docs/decisions/0013).
    if (m.type === 'reaction') return { kind: 'reaction', platformMessageId: String((m as Msg).reaction?.message_id ?? ''), emoji: String((m as Msg).reaction?.emoji ?? '') };
    return { kind: 'message', contact: { externalId: m.from, name: names.get(m.from) }, externalMessageId: m.id, ...content(m as Msg) } satisfies InboundEvent;
  });
  // The customer sees blue ticks once the message is with us (decision 0016-channels: stored = read).
  const reads = (value.messages ?? []).filter((m) => m.type !== 'reaction').map((m): ChannelEvent => ({ kind: 'action', action: 'markRead', params: { messageId: m.id } }));
  return [...messages, ...(value.statuses ?? []).flatMap((s) => receipt(s) ?? []), ...reads];
}

export const whatsappWebhook: WebhookAdapter = {
  verify: verifyMetaSignature,
  challenge: metaChallenge,
  act: markRead,
  parse(body) {
    const payload = parsePayload(Payload, body);
    return payload.entry.flatMap((e) => e.changes.filter((c) => c.field === 'messages').flatMap((c) => changeEvents(c.value)));
  },
};
