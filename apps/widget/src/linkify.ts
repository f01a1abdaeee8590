/** A piece of message text: plain, or a web address to show as a link. */
export type Piece = { text: string; href?: string };

// Candidates only; each is checked with URL below. Trailing punctuation belongs to the sentence, not the address.
const CANDIDATE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}、。，！？」』）]+$/u;

/**
 * Splits text into plain pieces and http(s) links. Nothing else becomes a
 * link (no `javascript:`, `data:`, or bare `www.`), and the pieces are put in
 * the page as text nodes and `href` attributes, never as HTML.
 */
export function linkify(text: string): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const raw = match[0].replace(TRAILING, '');
    const href = safeHref(raw);
    if (!href) continue;
    const start = match.index;
    if (start > at) pieces.push({ text: text.slice(at, start) });
    pieces.push({ text: raw, href });
    at = start + raw.length;
  }
  if (at < text.length) pieces.push({ text: text.slice(at) });
  return pieces;
}

function safeHref(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
