import type { messagingApi } from '@line/bot-sdk';
import { createHash } from 'node:crypto';
import { DeliveryError, type OutboundAdapter, type SendContext } from '../types.ts';
import { lineClient } from './client.ts';
import { withLineQuickReply } from './quick-replies.ts';

/**
 * LINE de-duplicates pushes by X-Line-Retry-Key (a UUID) for 24 hours, so a
 * retry after a crash is answered 409 instead of reaching the user twice. The
 * key derives from the outbox row, so every attempt of one message shares it.
 */
export function retryKey(outboxId: string): string {
  const h = createHash('sha256').update(outboxId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function lineMessages(ctx: SendContext): messagingApi.Message[] {
  const images = (ctx.message.attachments as Array<{ type?: string; url?: string }>).filter((a) => a.type === 'image' && a.url);
  const out: messagingApi.Message[] = [];
  if (ctx.message.text) out.push({ type: 'text', text: ctx.message.text });
  for (const img of images) out.push({ type: 'image', originalContentUrl: img.url!, previewImageUrl: img.url! });
  return withLineQuickReply(out.slice(0, 5), ctx.message.attachments); // the push API takes at most five messages per request
}

export const lineOutbound: OutboundAdapter = {
  async send(ctx) {
    const client = lineClient(ctx.deps, ctx.config, ctx.secrets);
    try {
      const response = await client.pushMessage({ to: ctx.recipient, messages: lineMessages(ctx) }, retryKey(ctx.row.id));
      return { platformMessageId: response?.sentMessages?.[0]?.id, response };
    } catch (error) {
      // 409 on a retry key means an earlier attempt of this very message was accepted.
      if (error instanceof DeliveryError && (error.response as { status?: number } | undefined)?.status === 409) return { response: { acceptedEarlier: true } };
      throw error;
    }
  },
};
