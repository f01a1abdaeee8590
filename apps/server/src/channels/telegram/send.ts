import { baseUrl, postJson } from '../outbox/http-send.ts';
import { sendParts, type Part } from '../outbox/send-parts.ts';
import type { OutboundAdapter, SendContext } from '../types.ts';
import { telegramReplyMarkup } from './quick-replies.ts';

export const TELEGRAM_API = 'https://api.telegram.org';

function parts(ctx: SendContext): Part[] {
  const base = `${baseUrl(ctx.deps.outbound, ctx.config.apiBaseUrl, TELEGRAM_API)}/bot${ctx.secrets.botToken ?? ''}`;
  const chat_id = ctx.recipient;
  const out: Part[] = [];
  if (ctx.message.text) out.push({ url: `${base}/sendMessage`, body: { chat_id, text: ctx.message.text, ...telegramReplyMarkup(ctx.message.attachments) } });
  for (const a of ctx.message.attachments as Array<{ type?: string; url?: string }>) {
    if (a.type === 'image' && a.url) out.push({ url: `${base}/sendPhoto`, body: { chat_id, photo: a.url } });
  }
  return out;
}

const messageId = (reply: any) => (reply?.result?.message_id !== undefined ? String(reply.result.message_id) : undefined);

export const telegramOutbound: OutboundAdapter = {
  send: (ctx) => sendParts(ctx, parts(ctx), (p) => postJson(ctx.deps, p.url, p.body), messageId),
};
