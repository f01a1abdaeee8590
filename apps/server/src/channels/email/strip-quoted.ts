/**
 * Keeps what the customer wrote in a reply and drops the history their mail
 * client quoted below it. Mail clients agree on no marker, so this cuts at
 * the first of the common ones: an attribution line ("On … wrote:", "… 寫道:"),
 * Outlook's "-----Original Message-----" / "From:" block, or a run of "> " lines.
 */
const CUT_MARKERS = [
  /^\s*On\b.+\bwrote:\s*$/i,
  /^\s*On\b.+$\n^.+\bwrote:\s*$/im,
  /^\s*-{2,}\s*Original Message\s*-{2,}/i,
  /^\s*_{5,}\s*$/,
  /^\s*From:\s.+$/i,
  /^.{0,80}(寫道|写道|のメッセージ)[:：]\s*$/,
  /^\s*Le .+ a écrit ?:\s*$/i,
  /^\s*Am .+ schrieb .+:\s*$/i,
];

export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const twoLines = `${line}\n${lines[i + 1] ?? ''}`;
    if (line.startsWith('>') || CUT_MARKERS.some((re) => re.test(line) || (re.flags.includes('m') && re.test(twoLines)))) {
      end = i;
      break;
    }
  }
  const kept = lines.slice(0, end).join('\n').trim();
  // A mail that is nothing but quotes (or top-quoted) keeps its full text rather than becoming empty.
  return kept || text.trim();
}
