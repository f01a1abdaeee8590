import type { Deps } from '../../platform/deps.ts';
import { baseUrl, platformRequest } from '../outbox/http-send.ts';
import type { ActionEvent, WebhookContext } from '../types.ts';
import { TELEGRAM_API } from './send.ts';

/**
 * answerCallbackQuery stops the button's spinner on the customer's phone. It
 * is not a message (nothing to store or retry): one call once the press is
 * stored; a failure is logged, the press is kept.
 */
export async function answerCallbackQuery(event: ActionEvent, ctx: WebhookContext, deps: Deps): Promise<void> {
  if (event.action !== 'answerCallbackQuery') return;
  try {
    const base = `${baseUrl(deps.outbound, ctx.config.apiBaseUrl, TELEGRAM_API)}/bot${ctx.secrets.botToken ?? ''}`;
    await platformRequest(deps, `${base}/answerCallbackQuery`, { body: { callback_query_id: event.params.callbackQueryId } });
  } catch (error) {
    deps.log.warn({ channelId: ctx.channel.id, err: (error as Error).message }, 'answerCallbackQuery failed');
  }
}
