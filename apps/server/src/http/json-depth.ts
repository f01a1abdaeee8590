/** Deepest nesting a request body may have. Real bodies stay under 10; 5,000 levels overflowed the stack later on (a 500). */
export const MAX_JSON_DEPTH = 64;

/**
 * The nesting depth of a JSON text, in one pass over its characters
 * (brackets inside strings do not count). Run before JSON.parse, so a deep
 * body costs a scan, not a parse and then a stack overflow in validation.
 */
export function jsonDepthExceeds(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}
