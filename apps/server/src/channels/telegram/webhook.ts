import { z } from 'zod';
import { fallbackText, parsePayload } from '../webhooks/parse-payload.ts';
import { headerValue, invalidSignature, requireSecret, safeEqual } from '../webhooks/signatures.ts';
import type { Attachment, ChannelEvent, WebhookAdapter } from '../types.ts';
import { answerCallbackQuery } from './callbacks.ts';
import { displayName, messageContext, telegramMessageId } from './context.ts';

const User = z.looseObject({ id: z.number(), first_name: z.string().optional(), last_name: z.string().optional(), username: z.string().optional() });
const Chat = z.looseObject({ id: z.number(), type: z.string().optional(), title: z.string().optional(), first_name: z.string().optional(), last_name: z.string().optional() });
const Message = z.looseObject({ message_id: z.number(), chat: Chat, from: User.optional() });
const Update = z.looseObject({
  update_id: z.number().int(),
  message: Message.optional(),
  edited_message: Message.optional(),
  callback_query: z.looseObject({ id: z.string(), from: User, data: z.string().optional(), message: Message.optional() }).optional(),
});
type TgMessage = z.infer<typeof Message> & Record<string, any>;

function content(m: TgMessage): { text: string; attachments: Attachment[] } {
  const caption = typeof m.caption === 'string' ? m.caption : '';
  const withCaption = (type: string, a: Attachment) => ({ text: caption || fallbackText(type), attachments: [a] });
  if (typeof m.text === 'string') return { text: m.text, attachments: [] };
  // Telegram sends every size of a photo; the last is the largest.
  if (Array.isArray(m.photo) && m.photo.length) return withCaption('image', { type: 'image', platformId: m.photo.at(-1).file_id, size: m.photo.at(-1).file_size });
  if (m.sticker) return { text: fallbackText('sticker', m.sticker.emoji), attachments: [{ type: 'sticker', platformId: m.sticker.file_id, emoji: m.sticker.emoji }] };
  if (m.document) return withCaption('file', { type: 'file', platformId: m.document.file_id, filename: m.document.file_name, contentType: m.document.mime_type, size: m.document.file_size });
  if (m.location) return { text: fallbackText('location'), attachments: [{ type: 'location', latitude: m.location.latitude, longitude: m.location.longitude }] };
  const media = m.voice ?? m.audio;
  if (media) return withCaption('audio', { type: 'audio', platformId: media.file_id, duration: media.duration, contentType: media.mime_type, size: media.file_size });
  if (m.video) return withCaption('video', { type: 'video', platformId: m.video.file_id, duration: m.video.duration, contentType: m.video.mime_type, size: m.video.file_size });
  return { text: fallbackText('unsupported'), attachments: [] };
}

/** The chat id is where replies go (a private chat's id is the user's id). update_id keys redeliveries. */
function toEvents(u: z.infer<typeof Update>): ChannelEvent[] {
  const externalMessageId = String(u.update_id);
  if (u.message) {
    const m = u.message as TgMessage;
    const name = m.chat.type === 'group' || m.chat.type === 'supergroup' ? displayName(m.chat) : (displayName(m.from) ?? displayName(m.chat));
    return [{ kind: 'message', contact: { externalId: String(m.chat.id), name }, externalMessageId, ...content(m), platformMeta: messageContext(m) }];
  }
  if (u.edited_message) {
    const m = u.edited_message as TgMessage;
    return [{ kind: 'edit', platformMessageId: telegramMessageId(m), text: content(m).text }];
  }
  const cb = u.callback_query;
  if (cb) {
    // Every press is answered, or the button's spinner runs until Telegram gives up.
    const ack: ChannelEvent = { kind: 'action', action: 'answerCallbackQuery', params: { callbackQueryId: cb.id } };
    if (cb.data === undefined) return [ack];
    const chatId = cb.message?.chat.id ?? cb.from.id;
    const pressedOn = cb.message as TgMessage | undefined;
    const platformMeta = pressedOn ? { replyTo: { platformId: telegramMessageId(pressedOn), text: String(pressedOn.text ?? pressedOn.caption ?? '') } } : undefined;
    return [{ kind: 'message', contact: { externalId: String(chatId), name: displayName(cb.from) }, externalMessageId, text: cb.data, attachments: [], ...(platformMeta && { platformMeta }) }, ack];
  }
  // channel_post, my_chat_member…: nothing to answer.
  return [];
}

export const telegramWebhook: WebhookAdapter = {
  verify(ctx) {
    const secret = requireSecret(ctx.secrets.secretToken, 'secretToken');
    const given = headerValue(ctx.headers['x-telegram-bot-api-secret-token']);
    if (!given || !safeEqual(given, secret)) throw invalidSignature('X-Telegram-Bot-Api-Secret-Token does not match');
  },
  parse(body) {
    return toEvents(parsePayload(Update, body));
  },
  act: answerCallbackQuery,
};
