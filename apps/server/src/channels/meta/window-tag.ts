import { messagingWindow } from '@switchboard/core';
import { DeliveryError, type SendContext } from '../types.ts';
import { lastCustomerAt } from '../windows/reply-window.ts';

/**
 * Messenger and Instagram: inside 24 hours a reply is `RESPONSE`; until 7
 * days a person's reply goes out tagged `HUMAN_AGENT` (the page needs Meta's
 * Human Agent permission); after that, or a bot's message after 24 hours,
 * Meta would refuse it, so it fails here without a request. Decided when the
 * message is sent, not when it was written: the outbox may hold it a while.
 */
export async function messagingTypeFor(ctx: SendContext): Promise<{ messaging_type: string; tag?: string }> {
  const conv = await ctx.deps.db.selectFrom('conversations').select(['contact_id', 'channel_id']).where('id', '=', ctx.row.conversation_id).executeTakeFirstOrThrow();
  const w = messagingWindow(ctx.channel.type, await lastCustomerAt(ctx.deps.db, conv), ctx.deps.clock.now());
  if (w.state === 'open') return { messaging_type: 'RESPONSE' };
  if (w.state === 'human_agent' && ctx.message.sender === 'agent') return { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
  throw new DeliveryError(`REPLY_WINDOW_CLOSED: ${ctx.channel.type} accepts no ${ctx.message.sender} message this long after the customer's last one`, true);
}
