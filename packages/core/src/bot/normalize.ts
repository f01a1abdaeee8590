/**
 * Text normalisation shared by keyword rules, handoff keywords, the knowledge
 * base and script answers, so "ＡＧＥＮＴ！", "agent" and " Agent " are one word.
 */

// Punctuation (any script, CJK included: 。、！？「」…) and whitespace are
// trimmed only at the ends: inside a message they may carry meaning ("C++").
const EDGE_JUNK = /^[\p{P}\s]+|[\p{P}\s]+$/gu;
const WHITESPACE_RUN = /\s+/gu;

/**
 * NFKC folds full-width ASCII (ＡＢＣ１２３) to ASCII, half-width katakana (ｶﾞ)
 * to full-width (ガ) and the ideographic space to a space; then case folding,
 * whitespace collapsing and edge-punctuation trimming.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(WHITESPACE_RUN, ' ').replace(EDGE_JUNK, '');
}

/**
 * Width folding without case folding: for values the customer typed that we
 * keep (an order number "ＳＢ－１２３" becomes "SB-123", case preserved).
 */
export function foldWidth(text: string): string {
  return text.normalize('NFKC').replace(WHITESPACE_RUN, ' ').trim();
}
