/**
 * The JavaScript regex features a linear-time engine cannot run. We name them
 * ourselves, before the engine sees the pattern, so the admin reads "lookahead
 * is not supported" rather than an engine's parse error, whichever engine.
 * Runs only on patterns `new RegExp(pattern, 'u')` accepted: unicode mode
 * forbids the loose legacy forms (`\1` without a group, `[` unescaped in a class
 * is a literal, `\k` only before `<name>`).
 */

const WHY = 'patterns run on a linear-time engine (RE2), which cannot express them';
const BACKREFERENCE = `backreferences (\\1, \\k<name>) are not supported: ${WHY}`;
const LOOKAHEAD = `lookahead ((?=…), (?!…)) is not supported: ${WHY}`;
const LOOKBEHIND = `lookbehind ((?<=…), (?<!…)) is not supported: ${WHY}`;

/** Why `pattern` uses a feature the engine cannot express, or null. */
export function unsupportedFeature(pattern: string): string | null {
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      const next = pattern[i + 1];
      if ((next >= '1' && next <= '9') || (next === 'k' && pattern[i + 2] === '<')) return BACKREFERENCE;
      i++; // the escaped character is a literal or a class escape
    } else if (ch === '[') {
      i = endOfClass(pattern, i);
    } else if (ch === '(' && pattern[i + 1] === '?') {
      const head = pattern.slice(i + 2, i + 4);
      if (head[0] === '=' || head[0] === '!') return LOOKAHEAD;
      if (head === '<=' || head === '<!') return LOOKBEHIND;
    }
  }
  return null;
}

/** Index of the `]` closing the class opened at `start`. */
function endOfClass(pattern: string, start: number): number {
  let i = start + 1;
  while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
  return i;
}
