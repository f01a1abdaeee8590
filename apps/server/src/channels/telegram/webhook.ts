import { z } from 'zod';
import { fallbackText, parsePayload } from '../webhooks/parse-payload.ts';
import { headerValue, invalidSignature, requireSecret, safeEqual } from '../webhooks/signatures.ts';
import type { Attachment, InboundEvent, WebhookAdapter } from '../types.ts';

const User = z.looseObject({ id: z.number(), first_name: z.string().optional(), last_name: z.string().optional(), username: z.string().optional() });
const Chat = z.looseObject({ id: z.number(), title: z.string().optional(), first_name: z.string().optional(), last_name: z.string().optional() });
const Message = z.looseObject({ message_id: z.number(), chat: Chat, from: User.optional() });
const Update = z.looseObject({
  update_id: z.number().int(),
  message: Message.optional(),
  callback_query: z.looseObject({ id: z.string(), from: User, data: z.string().optional(), message: Message.optional() }).optional(),
});
type TgMessage = z.infer<typeof Message> & Record<string, any>;

const displayName = (u?: { first_name?: string; last_name?: string; username?: string; title?: string }) =>
  u && ([u.first_name, u.last_name].filter(Boolean).join(' ') || u.title || u.username);

function content(m: TgMessage): { text: string; attachments: Attachment[] } {
  const caption = typeof m.caption === 'string' ? m.caption : '';
  const withCaption = (type: string, a: Attachment) => ({ text: caption || fallbackText(type), attachments: [a] });
  if (typeof m.text === 'string') return { text: m.text, attachments: [] };
  // Telegram sends every size of a photo; the last is the largest.
  if (Array.isArray(m.photo) && m.photo.length) return withCaption('image', { type: 'image', platformId: m.photo.at(-1).file_id });
  if (m.sticker) return { text: fallbackText('sticker', m.sticker.emoji), attachments: [{ type: 'sticker', platformId: m.sticker.file_id, emoji: m.sticker.emoji }] };
  if (m.document) return withCaption('file', { type: 'file', platformId: m.document.file_id, filename: m.document.file_name, contentType: m.document.mime_type });
  if (m.location) return { text: fallbackText('location'), attachments: [{ type: 'location', latitude: m.location.latitude, longitude: m.location.longitude }] };
  const media = m.voice ?? m.audio;
  if (media) return withCaption('audio', { type: 'audio', platformId: media.file_id, duration: media.duration });
  if (m.video) return withCaption('video', { type: 'video', platformId: m.video.file_id, duration: m.video.duration });
  return { text: fallbackText('unsupported'), attachments: [] };
}

/** The chat id is where replies go (a private chat's id is the user's id). update_id keys redeliveries. */
function toInbound(u: z.infer<typeof Update>): InboundEvent | undefined {
  const externalMessageId = String(u.update_id);
  if (u.message) {
    const m = u.message as TgMessage;
    return { kind: 'message', contact: { externalId: String(m.chat.id), name: displayName(m.from) ?? displayName(m.chat) }, externalMessageId, ...content(m) };
  }
  const cb = u.callback_query;
  if (cb?.data !== undefined) {
    const chatId = cb.message?.chat.id ?? cb.from.id;
    return { kind: 'message', contact: { externalId: String(chatId), name: displayName(cb.from) }, externalMessageId, text: cb.data, attachments: [] };
  }
  // edited_message, channel_post, my_chat_member…: nothing to answer.
  return undefined;
}

export const telegramWebhook: WebhookAdapter = {
  verify(ctx) {
    const secret = requireSecret(ctx.secrets.secretToken, 'secretToken');
    const given = headerValue(ctx.headers['x-telegram-bot-api-secret-token']);
    if (!given || !safeEqual(given, secret)) throw invalidSignature('X-Telegram-Bot-Api-Secret-Token does not match');
  },
  parse(body) {
    const event = toInbound(parsePayload(Update, body));
    return event ? [event] : [];
  },
};
