import { ATTRIBUTION_START, ATTRIBUTIONS, DASH_NAME, FORWARD_MARKER, FROM_HEADER, HEADER_LINE, ORIGINAL_MESSAGE, SEPARATOR, SIGNATURE_STARTS } from './quote-markers.ts';

/**
 * What the customer wrote in a reply, wherever they wrote it. The text is read
 * as fragments (after email_reply_parser's approach): quoted `>` blocks and
 * the attribution line above them are dropped wherever they are, so an answer
 * written below or between quotes is kept (bottom-posting, inline replies);
 * a signature is dropped up to the next quote; an Outlook-style header block
 * (From:/Sent:/To:, no `>` marks) or "-----Original Message-----" ends the
 * mail, since everything under it is history. An inline forward (or the
 * header block of a mail whose subject says "Fwd:") is kept whole.
 */
export function visibleText(text: string, options: { forward?: boolean } = {}): string {
  const lines = joinWrappedAttributions(text.replace(/\r\n?/g, '\n').split('\n'));
  const kept: string[] = [];
  let inSignature = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // A forward's header block starts what the customer wants us to read; a reply's starts history.
    const history = startsHistory(lines, i);
    if (FORWARD_MARKER.test(line) || (history && options.forward)) {
      kept.push(...lines.slice(i));
      break;
    }
    if (history) break;
    if (/^\s*>/.test(line) || ATTRIBUTIONS.some((re) => re.test(line))) {
      inSignature = false;
      continue;
    }
    if (inSignature || (inSignature = startsSignature(line, lines[i - 1]))) continue;
    kept.push(line);
  }
  while (kept.length && (SEPARATOR.test(kept.at(-1)!) || !kept.at(-1)!.trim())) kept.pop();
  const visible = tidy(kept);
  // A mail that is nothing but a quote or a signature keeps its text rather than becoming empty.
  return visible || text.trim();
}

/** Gmail wraps a long "On … <address> wrote:" over two or three lines: join them so the whole line is recognised. */
function joinWrappedAttributions(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (ATTRIBUTION_START.test(line.trim()) && !ATTRIBUTIONS.some((re) => re.test(line))) {
      const joined = [2, 3].map((k) => lines.slice(i, i + k)).find(isAttribution);
      if (joined) {
        out.push(joined.map((l) => l.trim()).join(' '));
        i += joined.length - 1;
        continue;
      }
    }
    out.push(line);
  }
  return out;
}

const isAttribution = (group: string[]) => group.every((l) => l.trim() !== '' && !/^\s*>/.test(l)) && ATTRIBUTIONS.some((re) => re.test(group.map((l) => l.trim()).join(' ')));

const startsSignature = (line: string, before: string | undefined) =>
  SIGNATURE_STARTS.some((re) => re.test(line)) || (DASH_NAME.test(line) && !before?.trim());

/**
 * "-----Original Message-----", or a header line starting a block of at least
 * three (From: among them) within six lines: Outlook writes four, while a
 * customer's own "From: Tokyo / To: Osaka" is two.
 */
function startsHistory(lines: string[], i: number): boolean {
  const line = lines[i]!;
  if (ORIGINAL_MESSAGE.test(line)) return true;
  if (!HEADER_LINE.test(line)) return false;
  const block = lines.slice(i, i + 6).filter((l) => HEADER_LINE.test(l));
  return block.length >= 3 && block.some((l) => FROM_HEADER.test(l));
}

/** Trailing spaces off, no more than one empty line in a row, no blank edges. */
function tidy(lines: string[]): string {
  return lines
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
