import { graphVersion } from '../meta/verification.ts';
import { messagingTypeFor } from '../meta/window-tag.ts';
import { baseUrl, postJson } from '../outbox/http-send.ts';
import { sendParts, type Part } from '../outbox/send-parts.ts';
import { metaTextMessage } from '../messenger/quick-replies.ts';
import type { OutboundAdapter, SendContext } from '../types.ts';

/** Instagram API with Instagram Login: graph.instagram.com, the Instagram user access token as a bearer. */
export const INSTAGRAM_API = 'https://graph.instagram.com';

function parts(ctx: SendContext, kind: { messaging_type: string; tag?: string }): Part[] {
  const account = encodeURIComponent(String(ctx.config.instagramAccountId ?? 'me'));
  const url = `${baseUrl(ctx.deps.outbound, ctx.config.apiBaseUrl, INSTAGRAM_API)}/${graphVersion(ctx.config.version)}/${account}/messages`;
  const headers = { authorization: `Bearer ${ctx.secrets.accessToken ?? ''}` };
  const base = { recipient: { id: ctx.recipient }, ...kind };
  const out: Part[] = [];
  if (ctx.message.text) out.push({ url, headers, body: { ...base, message: metaTextMessage(ctx.message.text, ctx.message.attachments) } });
  for (const a of ctx.message.attachments as Array<{ type?: string; url?: string }>) {
    if (a.type === 'image' && a.url) out.push({ url, headers, body: { ...base, message: { attachment: { type: 'image', payload: { url: a.url } } } } });
  }
  return out;
}

const mid = (reply: any) => (typeof reply?.message_id === 'string' ? reply.message_id : undefined);

/** The Send API for Instagram: RESPONSE inside 24 hours, HUMAN_AGENT until 7 days, as on Messenger. */
export const instagramOutbound: OutboundAdapter = {
  async send(ctx) {
    const kind = await messagingTypeFor(ctx);
    const outcome = await sendParts(ctx, parts(ctx, kind), (p) => postJson(ctx.deps, p.url, p.body, p.headers), mid);
    return { ...outcome, meta: { messagingTag: kind.tag ?? kind.messaging_type } };
  },
};
