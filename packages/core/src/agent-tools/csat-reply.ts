/**
 * What a customer's reply to a satisfaction survey says (SPEC §5): a rating
 * 1–5 and perhaps a comment, or nothing (the message is something else and
 * opens a new conversation).
 *
 * - `strict`: only a lone digit 1–5 (full-width １–５ too: NFKC) is a rating.
 * - `lenient`: a reply that starts with 1–5 as a number of its own ("5 stars!!!",
 *   "4 - quick help") or is one to five ★ is a rating, and the whole reply is
 *   kept as its comment.
 * - Mail: the first non-empty line is read as above, what follows it is the comment.
 */
export type CsatReplyMatching = 'strict' | 'lenient';

export interface CsatReply {
  rating: number;
  comment: string | null;
}

const LONE = /^[1-5]$/;
const LEADING = /^([1-5])(?![\d.,/])(?:\s*(?:stars?|points?|分|点|點|星|顆星|つ星)?)([\s\S]*)$/iu;
const STARS = /^★{1,5}$/u;

export function parseCsatReply(text: string, matching: CsatReplyMatching, mail = false): CsatReply | null {
  const normalized = text.normalize('NFKC').trim();
  if (mail) {
    const lines = normalized.split(/\r?\n/);
    const first = lines.findIndex((l) => l.trim() !== '');
    if (first < 0) return null;
    const head = parseCsatReply(lines[first]!, matching);
    if (!head) return null;
    const rest = lines
      .slice(first + 1)
      .join('\n')
      .trim();
    return { rating: head.rating, comment: head.comment ?? (rest === '' ? null : rest) };
  }
  if (LONE.test(normalized)) return { rating: Number(normalized), comment: null };
  if (matching === 'strict') return null;
  if (STARS.test(normalized)) return { rating: normalized.length, comment: null };
  const m = LEADING.exec(normalized);
  if (!m) return null;
  // "5 stars!!!" keeps its words as the comment; "3 2 1" is not a rating.
  if (/\d/.test(m[2]!)) return null;
  return { rating: Number(m[1]), comment: normalized };
}

/** A comment may follow a rating this long after it (docs/decisions/0016-agent-tools-csat.md). */
export const CSAT_COMMENT_WINDOW_MS = 30 * 60_000;
/** A survey is answered within this long of being sent (SPEC §5). */
export const CSAT_REPLY_WINDOW_MS = 24 * 3_600_000;
