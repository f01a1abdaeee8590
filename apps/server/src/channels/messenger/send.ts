import { GRAPH_API, graphVersion } from '../meta/verification.ts';
import { messagingTypeFor } from '../meta/window-tag.ts';
import { baseUrl, postJson } from '../outbox/http-send.ts';
import { sendParts, type Part } from '../outbox/send-parts.ts';
import type { OutboundAdapter, SendContext } from '../types.ts';
import { metaTextMessage } from './quick-replies.ts';

/** The Send API (Messenger and Instagram share it): RESPONSE inside 24 hours, HUMAN_AGENT until 7 days (meta/window-tag.ts). */
export function metaSendParts(ctx: SendContext, kind: { messaging_type: string; tag?: string }): Part[] {
  const token = encodeURIComponent(ctx.secrets.pageAccessToken ?? ctx.secrets.accessToken ?? '');
  const url = `${baseUrl(ctx.deps.outbound, ctx.config.apiBaseUrl, GRAPH_API)}/${graphVersion(ctx.config.version)}/me/messages?access_token=${token}`;
  const base = { recipient: { id: ctx.recipient }, ...kind };
  const out: Part[] = [];
  if (ctx.message.text) out.push({ url, body: { ...base, message: metaTextMessage(ctx.message.text, ctx.message.attachments) } });
  for (const a of ctx.message.attachments as Array<{ type?: string; url?: string }>) {
    if (a.type === 'image' && a.url) out.push({ url, body: { ...base, message: { attachment: { type: 'image', payload: { url: a.url, is_reusable: true } } } } });
  }
  return out;
}

const mid = (reply: any) => (typeof reply?.message_id === 'string' ? reply.message_id : undefined);

export const messengerOutbound: OutboundAdapter = {
  async send(ctx) {
    const kind = await messagingTypeFor(ctx);
    const outcome = await sendParts(ctx, metaSendParts(ctx, kind), (p) => postJson(ctx.deps, p.url, p.body), mid);
    return { ...outcome, meta: { messagingTag: kind.tag ?? kind.messaging_type } };
  },
};
