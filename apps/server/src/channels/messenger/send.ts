import { GRAPH_API, graphVersion } from '../meta/verification.ts';
import { baseUrl, postJson } from '../outbox/http-send.ts';
import { sendParts, type Part } from '../outbox/send-parts.ts';
import type { OutboundAdapter, SendContext } from '../types.ts';

/** messaging_type RESPONSE: a reply inside Messenger's 24-hour window after the customer's last message. */
function parts(ctx: SendContext): Part[] {
  const token = encodeURIComponent(ctx.secrets.pageAccessToken ?? ctx.secrets.accessToken ?? '');
  const url = `${baseUrl(ctx.deps.outbound, ctx.config.apiBaseUrl, GRAPH_API)}/${graphVersion(ctx.config.version)}/me/messages?access_token=${token}`;
  const base = { recipient: { id: ctx.recipient }, messaging_type: 'RESPONSE' };
  const out: Part[] = [];
  if (ctx.message.text) out.push({ url, body: { ...base, message: { text: ctx.message.text } } });
  for (const a of ctx.message.attachments as Array<{ type?: string; url?: string }>) {
    if (a.type === 'image' && a.url) out.push({ url, body: { ...base, message: { attachment: { type: 'image', payload: { url: a.url, is_reusable: true } } } } });
  }
  return out;
}

const mid = (reply: any) => (typeof reply?.message_id === 'string' ? reply.message_id : undefined);

export const messengerOutbound: OutboundAdapter = {
  send: (ctx) => sendParts(ctx, parts(ctx), (p) => postJson(ctx.deps, p.url, p.body), mid),
};
