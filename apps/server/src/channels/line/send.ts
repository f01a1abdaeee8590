import type { messagingApi } from '@line/bot-sdk';
import { sql } from 'kysely';
import { createHash } from 'node:crypto';
import { DeliveryError, type OutboundAdapter, type SendContext, type SendOutcome } from '../types.ts';
import { lineClient } from './client.ts';
import { lineText, withLineQuickReply } from './quick-replies.ts';

/**
 * LINE documents a reply token as usable once, within about a minute of the
 * event. We stop using it 10 s earlier, so a request that is slow to arrive
 * does not spend its attempt on an expired token.
 */
export const REPLY_TOKEN_TTL_MS = 50_000;

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
  if (ctx.message.text) out.push({ type: 'text', text: lineText(ctx.message.text, ctx.message.attachments) });
  for (const img of images) out.push({ type: 'image', originalContentUrl: img.url!, previewImageUrl: img.url! });
  return withLineQuickReply(out.slice(0, 5), ctx.message.attachments); // reply and push take at most five messages per request
}

/**
 * Takes the newest unused, fresh reply token of the conversation for this
 * outbox row, compare-and-set so that two sends never share one. A retry of
 * the same row finds its token already taken and pushes: the first attempt
 * may have reached LINE, and a token works once.
 */
async function claimReplyToken(ctx: SendContext): Promise<string | undefined> {
  const now = ctx.deps.clock.now();
  const res = await sql<{ token: string }>`
    UPDATE messages SET platform_meta = platform_meta || jsonb_build_object('replyTokenUsedBy', ${ctx.row.id}::text)
    WHERE id = (
      SELECT id FROM messages
      WHERE conversation_id = ${ctx.row.conversation_id} AND sender = 'customer' AND seq < ${ctx.message.seq}
        AND created_at >= ${now - REPLY_TOKEN_TTL_MS}
        AND (platform_meta->>'replyToken') IS NOT NULL AND (platform_meta->>'replyTokenUsedBy') IS NULL
      ORDER BY seq DESC LIMIT 1)
    AND (platform_meta->>'replyTokenUsedBy') IS NULL
    RETURNING platform_meta->>'replyToken' AS token`.execute(ctx.deps.db);
  return res.rows[0]?.token;
}

const status = (error: unknown) => (error instanceof DeliveryError ? (error.response as { status?: number } | undefined)?.status : undefined);

/**
 * Reply API while the customer's reply token is fresh (free), Push API
 * otherwise (counted against the plan's quota); which one is recorded on the
 * message as `deliveredVia`. A refused token (400: used or expired) falls
 * back to push in the same attempt.
 */
export const lineOutbound: OutboundAdapter = {
  async send(ctx): Promise<SendOutcome> {
    const client = lineClient(ctx.deps, ctx.config, ctx.secrets);
    const messages = lineMessages(ctx);
    const replyToken = await claimReplyToken(ctx);
    if (replyToken) {
      try {
        const response = await client.replyMessage({ replyToken, messages });
        return { platformMessageId: response?.sentMessages?.[0]?.id, response, meta: { deliveredVia: 'reply' } };
      } catch (error) {
        if (status(error) !== 400) throw error;
        ctx.deps.log.info({ outboxId: ctx.row.id }, 'LINE refused the reply token; pushing instead');
      }
    }
    try {
      const response = await client.pushMessage({ to: ctx.recipient, messages }, retryKey(ctx.row.id));
      return { platformMessageId: response?.sentMessages?.[0]?.id, response, meta: { deliveredVia: 'push' } };
    } catch (error) {
      // 409 on a retry key means an earlier attempt of this very message was accepted.
      if (status(error) === 409) return { response: { acceptedEarlier: true }, meta: { deliveredVia: 'push' } };
      throw error;
    }
  },
};
