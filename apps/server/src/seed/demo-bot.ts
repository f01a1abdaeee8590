import { SAMPLE_FAQ_ARTICLES, SAMPLE_KEYWORD_RULES, SAMPLE_ORDER_STATUS_SCRIPT } from '@switchboard/core';
import type { Deps } from '../platform/deps.ts';
import { createKeywordRule } from '../bot/keyword-rules.ts';
import { createArticle } from '../bot/knowledge-articles.ts';
import type { Principal } from '../platform/principal.ts';
import { createScript, publishScript } from '../bot/scripts.ts';

/**
 * The demo bot: the bilingual FAQ, the sample keyword rules (greetings, "查訂單"
 * / "order status" starts the order script, "真人客服" and "發票" hand off,
 * "bye" closes) and the order-status script, published. The script reaches the
 * stand-in order endpoint through the `baseUrl` variable (the server's own address).
 */
export async function seedBotDemo(deps: Deps, admin: Principal): Promise<void> {
  const { id: _id, version: _version, ...script } = SAMPLE_ORDER_STATUS_SCRIPT;
  await createScript(deps, admin, { ...script, id: SAMPLE_ORDER_STATUS_SCRIPT.id });
  await publishScript(deps, admin, SAMPLE_ORDER_STATUS_SCRIPT.id);
  for (const { id: _articleId, ...article } of SAMPLE_FAQ_ARTICLES) await createArticle(deps, admin, article);
  for (const { id: _ruleId, ...rule } of SAMPLE_KEYWORD_RULES) await createKeywordRule(deps, admin, rule);
}
