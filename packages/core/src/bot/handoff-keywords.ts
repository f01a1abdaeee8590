/**
 * Handoff and return-to-bot keywords (SPEC §2). They compare the whole message
 * after normalisation, so "ＡＧＥＮＴ！" is a handoff but "agent fees?" is not:
 * phrases inside longer messages are the job of `contains` keyword rules with a
 * handoff action, which admins can see and order.
 */
import { normalizeText } from './normalize.ts';

export const DEFAULT_HANDOFF_KEYWORDS: readonly string[] = ['agent', 'human', '人工', '真人'];
/** None by default: a channel opts in (e.g. `離開`). */
export const DEFAULT_RETURN_TO_BOT_KEYWORDS: readonly string[] = [];

export function isHandoffKeyword(text: string, keywords: readonly string[] = DEFAULT_HANDOFF_KEYWORDS): boolean {
  return matchesKeyword(text, keywords);
}

export function isReturnToBotKeyword(
  text: string,
  keywords: readonly string[] = DEFAULT_RETURN_TO_BOT_KEYWORDS,
): boolean {
  return matchesKeyword(text, keywords);
}

function matchesKeyword(text: string, keywords: readonly string[]): boolean {
  const normalized = normalizeText(text);
  if (normalized === '') return false;
  return keywords.some((keyword) => normalizeText(keyword) === normalized);
}
