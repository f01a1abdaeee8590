import type { Deps } from '../../platform/deps.ts';
import type { ActionEvent, WebhookContext } from '../types.ts';
import { lineClient } from './client.ts';
import { retryKey } from './send.ts';

/** The channel's welcome text: `config.welcomeMessage`, else none. */
const welcomeText = (config: Record<string, unknown>) => (typeof config.welcomeMessage === 'string' && config.welcomeMessage.trim() ? config.welcomeMessage : undefined);

/**
 * A new friend gets the channel's welcome through the Reply API with the
 * follow event's token (free), or by push when the token is refused. It is
 * not a conversation message (following is not a request for help), so it
 * does not go through the outbox: it is sent once, after the webhook stored
 * its events, and a failure is logged, never retried (decision 0016-channels).
 */
export async function sendWelcome(event: ActionEvent, ctx: WebhookContext, deps: Deps): Promise<void> {
  const text = event.action === 'welcome' ? welcomeText(ctx.config) : undefined;
  if (!text || !event.params.replyToken || !event.params.to) return;
  try {
    const client = lineClient(deps, ctx.config, ctx.secrets);
    const messages = [{ type: 'text' as const, text }];
    try {
      await client.replyMessage({ replyToken: event.params.replyToken, messages });
    } catch {
      // Same key for every redelivery of this follow: LINE sends the push once.
      await client.pushMessage({ to: event.params.to, messages }, retryKey(`welcome:${event.params.replyToken}`));
    }
  } catch (error) {
    deps.log.warn({ channelId: ctx.channel.id, err: (error as Error).message }, 'LINE welcome message not sent');
  }
}
