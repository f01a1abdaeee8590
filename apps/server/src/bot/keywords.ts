import { DEFAULT_HANDOFF_KEYWORDS, isHandoffKeyword, isReturnToBotKeyword } from '@switchboard/core';
import type { ChannelRow } from '../db/schema.ts';

/**
 * The channel's handoff and return-to-bot keywords (SPEC §2), compared by the
 * core on the whole normalised message: NFKC folds full-width forms
 * (ＡＧＥＮＴ → agent), case folds, and punctuation around the text is ignored.
 */
export function isHandoffText(channel: Pick<ChannelRow, 'handoff_keywords'>, text: string): boolean {
  return isHandoffKeyword(text, channel.handoff_keywords ?? DEFAULT_HANDOFF_KEYWORDS);
}

export function isReturnText(channel: Pick<ChannelRow, 'return_keywords'>, text: string): boolean {
  return isReturnToBotKeyword(text, channel.return_keywords);
}
