import type { Deps } from '../../platform/deps.ts';
import { GRAPH_API, graphVersion } from '../meta/verification.ts';
import { baseUrl, platformRequest } from '../outbox/http-send.ts';
import type { ActionEvent, WebhookContext } from '../types.ts';

/**
 * Marks a customer's message read on WhatsApp (Cloud API "Mark messages as
 * read"), once it is stored: the customer sees it arrived. Not a message of
 * ours: one call, a failure is logged and the message is kept.
 */
export async function markRead(event: ActionEvent, ctx: WebhookContext, deps: Deps): Promise<void> {
  if (event.action !== 'markRead' || ctx.config.markRead === false) return;
  try {
    const url = `${baseUrl(deps.outbound, ctx.config.apiBaseUrl, GRAPH_API)}/${graphVersion(ctx.config.version)}/${String(ctx.config.phoneNumberId ?? '')}/messages`;
    const body = { messaging_product: 'whatsapp', status: 'read', message_id: event.params.messageId };
    await platformRequest(deps, url, { body, headers: { authorization: `Bearer ${ctx.secrets.accessToken ?? ''}` } });
  } catch (error) {
    deps.log.warn({ channelId: ctx.channel.id, err: (error as Error).message }, 'WhatsApp mark-as-read failed');
  }
}
