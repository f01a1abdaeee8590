import { normalizeText } from '@switchboard/core';

/**
 * The grouping key of an unanswered question: normalised (NFKC, case) with
 * punctuation and spaces removed, so "運費多少錢？" and "運費 多少錢" count as one.
 */
export function unansweredKey(text: string): string {
  return normalizeText(text)
    .replace(/[\p{P}\p{S}\s]+/gu, '')
    .slice(0, 500);
}
