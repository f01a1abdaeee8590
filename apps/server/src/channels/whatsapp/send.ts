import { GRAPH_API, graphVersion } from '../meta/verification.ts';
import { baseUrl, postJson } from '../outbox/http-send.ts';
import { sendParts, type Part } from '../outbox/send-parts.ts';
import { metaOf } from '../platform-meta.ts';
import type { OutboundAdapter, SendContext } from '../types.ts';
import { whatsappTextBodies } from './quick-replies.ts';

/** A template message: name, language and one body parameter per {{n}} (Cloud API "Send template messages"). */
function templateBody(t: NonNullable<ReturnType<typeof metaOf>['template']>) {
  const components = t.parameters.length ? [{ type: 'body', parameters: t.parameters.map((text) => ({ type: 'text', text })) }] : undefined;
  return { name: t.name, language: { code: t.language }, ...(components && { components }) };
}

function parts(ctx: SendContext): Part[] {
  const url = `${baseUrl(ctx.deps.outbound, ctx.config.apiBaseUrl, GRAPH_API)}/${graphVersion(ctx.config.version)}/${String(ctx.config.phoneNumberId ?? '')}/messages`;
  const headers = { authorization: `Bearer ${ctx.secrets.accessToken ?? ''}` };
  const base = { messaging_product: 'whatsapp', to: ctx.recipient };
  const template = metaOf(ctx.message).template;
  if (template) return [{ url, headers, body: { ...base, type: 'template', template: templateBody(template) } }];
  const out: Part[] = [];
  if (ctx.message.text) for (const body of whatsappTextBodies(ctx.message.text, ctx.message.attachments)) out.push({ url, headers, body: { ...base, ...body } });
  for (const a of ctx.message.attachments as Array<{ type?: string; url?: string }>) {
    if (a.type === 'image' && a.url) out.push({ url, headers, body: { ...base, type: 'image', image: { link: a.url } } });
  }
  return out;
}

const wamid = (reply: any) => (typeof reply?.messages?.[0]?.id === 'string' ? reply.messages[0].id : undefined);

export const whatsappOutbound: OutboundAdapter = {
  send: (ctx) => sendParts(ctx, parts(ctx), (p) => postJson(ctx.deps, p.url, p.body, p.headers), wamid),
};
