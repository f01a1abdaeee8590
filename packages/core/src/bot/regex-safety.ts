/**
 * Regular expressions written by workspace admins run on every customer
 * message, inside the server process. JavaScript's engine backtracks, so a
 * pattern like `(a+)+$` can take exponential time and freeze the server. We
 * refuse the shapes that cause that (docs/bot.md, "Regex safety") and bound the
 * input each pattern runs on, which caps the polynomial cases.
 */
import { DomainError } from '../errors.ts';
import { parseRegex, type Quantifier, type RegexNode } from './regex-parse.ts';

export const MAX_REGEX_PATTERN_LENGTH = 500;
/**
 * Regexes see at most this many characters of a message. With two wide
 * quantifiers the worst case is cubic in the input: `.*a.*b` against 200 "a"s
 * takes a few milliseconds, against 1,000 about 300 ms.
 */
export const MAX_REGEX_INPUT_LENGTH = 200;
/** `.*a.*b` is fine; each more wide quantifier multiplies the worst case by the input length. */
export const MAX_WIDE_QUANTIFIERS = 2;
/** A bounded quantifier whose range exceeds this (`{0,100}`) costs like an unbounded one. */
const WIDE_RANGE = 32;

/** Returns why `pattern` is refused, or null when it is safe to use. */
export function validateRegex(pattern: string): string | null {
  if (typeof pattern !== 'string' || pattern.length === 0) return 'pattern must be a non-empty string';
  if (pattern.length > MAX_REGEX_PATTERN_LENGTH) {
    return `pattern is longer than ${MAX_REGEX_PATTERN_LENGTH} characters`;
  }
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    return `invalid regular expression: ${(error as Error).message}`;
  }
  return riskOf(parseRegex(pattern));
}

/** Compiles a pattern that passed `validateRegex`; throws VALIDATION_FAILED otherwise. */
export function compileSafeRegex(pattern: string, flags = 'iu'): RegExp {
  const problem = validateRegex(pattern);
  if (problem) throw new DomainError('VALIDATION_FAILED', `regex ${JSON.stringify(pattern)}: ${problem}`);
  return new RegExp(pattern, flags.replace(/[gy]/g, ''));
}

/** Tests a compiled safe regex against the bounded prefix of `text`. */
export function safeRegexTest(regex: RegExp, text: string): boolean {
  return regex.test(text.length > MAX_REGEX_INPUT_LENGTH ? text.slice(0, MAX_REGEX_INPUT_LENGTH) : text);
}

function riskOf(branches: RegexNode[][]): string | null {
  const nodes = flatten(branches);
  if (nodes.some((n) => n.kind === 'backreference')) return 'backreferences (\\1, \\k<name>) are not allowed';
  for (const node of nodes) {
    if (node.kind !== 'group' || !repeats(node.quantifier)) continue;
    if (flatten(node.alternatives).some((inner) => isVariable(inner.quantifier))) {
      return 'nested quantifiers (a repeated group containing *, +, ? or {m,n}, e.g. (a+)+) are not allowed';
    }
    if (node.alternatives.length > 1 && branchesMayOverlap(node.alternatives)) {
      return 'alternation under a repeating quantifier must start each branch with a distinct literal character, e.g. (ab|cd)+; use a character class instead';
    }
  }
  const wide = nodes.filter((n) => n.quantifier && n.quantifier.max - n.quantifier.min > WIDE_RANGE).length;
  if (wide > MAX_WIDE_QUANTIFIERS) {
    return `at most ${MAX_WIDE_QUANTIFIERS} unbounded or wide quantifiers (*, +, {n,}, {m,n} with n−m > ${WIDE_RANGE}) per pattern; use a narrow {m,n}`;
  }
  return null;
}

function flatten(branches: RegexNode[][]): RegexNode[] {
  const out: RegexNode[] = [];
  for (const branch of branches) {
    for (const node of branch) {
      out.push(node);
      if (node.kind === 'group') out.push(...flatten(node.alternatives));
    }
  }
  return out;
}

const repeats = (q: Quantifier | undefined): boolean => q !== undefined && q.max > 1;
const isVariable = (q: Quantifier | undefined): boolean => q !== undefined && q.min !== q.max;

/** Conservative: any branch whose first character is not a known literal counts as overlapping. */
function branchesMayOverlap(branches: RegexNode[][]): boolean {
  const seen = new Set<string>();
  for (const branch of branches) {
    const first = firstLiteral(branch);
    if (first === null || seen.has(first)) return true;
    seen.add(first);
  }
  return false;
}

function firstLiteral(branch: RegexNode[]): string | null {
  const head = branch[0];
  if (!head || (head.quantifier && head.quantifier.min === 0)) return null;
  if (head.kind === 'char') return head.value;
  if (head.kind === 'group' && head.alternatives.length === 1) return firstLiteral(head.alternatives[0]);
  return null;
}
