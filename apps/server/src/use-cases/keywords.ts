import type { ChannelRow } from '../db/schema.ts';

export const DEFAULT_HANDOFF_KEYWORDS = ['agent', 'human', '人工', '真人'];

/** NFKC folds full-width forms (ＡＧＥＮＴ → AGENT); then case and surrounding punctuation. */
export function foldKeyword(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '');
}

export function isHandoffText(channel: ChannelRow, text: string): boolean {
  const keywords = channel.handoff_keywords ?? DEFAULT_HANDOFF_KEYWORDS;
  const folded = foldKeyword(text);
  return keywords.some((k) => foldKeyword(k) === folded);
}

export function isReturnText(channel: ChannelRow, text: string): boolean {
  const folded = foldKeyword(text);
  return channel.return_keywords.some((k) => foldKeyword(k) === folded);
}
