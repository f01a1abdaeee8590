import { GRAPH_API, graphVersion } from '../meta/verification.ts';
import { baseUrl, postJson } from '../outbox/http-send.ts';
import { sendParts, type Part } from '../outbox/send-parts.ts';
import type { OutboundAdapter, SendContext } from '../types.ts';

function parts(ctx: SendContext): Part[] {
  const url = `${baseUrl(ctx.deps.outbound, ctx.config.apiBaseUrl, GRAPH_API)}/${graphVersion(ctx.config.version)}/${String(ctx.config.phoneNumberId ?? '')}/messages`;
  const headers = { authorization: `Bearer ${ctx.secrets.accessToken ?? ''}` };
  const base = { messaging_product: 'whatsapp', to: ctx.recipient };
  const out: Part[] = [];
  if (ctx.message.text) out.push({ url, headers, body: { ...base, type: 'text', text: { body: ctx.message.text } } });
  for (const a of ctx.message.attachments as Array<{ type?: string; url?: string }>) {
    if (a.type === 'image' && a.url) out.push({ url, headers, body: { ...base, type: 'image', image: { link: a.url } } });
  }
  return out;
}

const wamid = (reply: any) => (typeof reply?.messages?.[0]?.id === 'string' ? reply.messages[0].id : undefined);

export const whatsappOutbound: OutboundAdapter = {
  send: (ctx) => sendParts(ctx, parts(ctx), (p) => postJson(ctx.deps, p.url, p.body, p.headers), wamid),
};
