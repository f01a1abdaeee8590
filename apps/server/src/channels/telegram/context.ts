import type { PlatformMeta } from '../platform-meta.ts';

type Named = { first_name?: string; last_name?: string; username?: string; title?: string };

export const displayName = (u?: Named) => u && ([u.first_name, u.last_name].filter(Boolean).join(' ') || u.title || u.username);

/** `chat:message_id`: a Telegram message id is unique only within its chat; edits name the message this way. */
export const telegramMessageId = (m: { chat: { id: number }; message_id: number }) => `${m.chat.id}:${m.message_id}`;

const snippet = (m: Record<string, any>) => {
  const text = typeof m.text === 'string' ? m.text : typeof m.caption === 'string' ? m.caption : '';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

/** Who first wrote a forwarded message: Bot API 7's forward_origin, or the older forward_* fields. */
function forwardedFrom(m: Record<string, any>): string | undefined {
  const o = m.forward_origin;
  if (o) return displayName(o.sender_user) ?? o.sender_user_name ?? o.sender_chat?.title ?? o.chat?.title ?? 'unknown';
  return displayName(m.forward_from) ?? m.forward_sender_name ?? m.forward_from_chat?.title;
}

/** What the agent needs besides the text: which message it answers, where a forward came from, who spoke in a group. */
export function messageContext(m: Record<string, any> & { chat: { id: number; type?: string }; message_id: number }): PlatformMeta {
  const meta: PlatformMeta = { platformId: telegramMessageId(m) };
  const r = m.reply_to_message;
  if (r && typeof r.message_id === 'number') meta.replyTo = { platformId: `${m.chat.id}:${r.message_id}`, text: snippet(r), ...(displayName(r.from) && { from: displayName(r.from) }) };
  const forward = forwardedFrom(m);
  if (forward) meta.forwardedFrom = forward;
  if ((m.chat.type === 'group' || m.chat.type === 'supergroup') && m.from) meta.speaker = { id: String(m.from.id), name: displayName(m.from) };
  return meta;
}
