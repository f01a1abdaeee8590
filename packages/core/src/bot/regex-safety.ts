/**
 * Regular expressions written by workspace admins run on every customer
 * message, inside the server process, shared by all tenants. They are matched
 * by a linear-time `PatternEngine` (RE2 in the server), never by JavaScript's
 * backtracking RegExp, so no pattern can make matching super-linear (SPEC §7).
 * What stays here: the syntax contract (JavaScript syntax, unicode mode), the
 * features RE2 cannot express, named in words, and two caps (docs/bot.md,
 * "Regex safety").
 */
import type { CompiledPattern, PatternEngine, PatternFlags } from './pattern-engine.ts';
import { unsupportedFeature } from './regex-features.ts';

/** Bounds the engine's compile work and program size per pattern. */
export const MAX_REGEX_PATTERN_LENGTH = 500;
/** Linear is still proportional to the input: a regex sees at most this many characters of a message. */
export const MAX_REGEX_INPUT_LENGTH = 200;

const CASE_SENSITIVE: PatternFlags = { ignoreCase: false };

export type RegexCompilation = { ok: true; regex: CompiledPattern } | { ok: false; problem: string };

/** Compiles an admin-written pattern on `engine`; the result tests only the bounded prefix of its input. */
export function compileRegex(pattern: string, engine: PatternEngine, flags: PatternFlags = CASE_SENSITIVE): RegexCompilation {
  const problem = syntaxProblem(pattern);
  if (problem) return { ok: false, problem };
  const compiled = engine.compile(pattern, flags);
  if (!compiled.ok) return compiled;
  const inner = compiled.pattern;
  const test = (text: string) => inner.test(text.length > MAX_REGEX_INPUT_LENGTH ? text.slice(0, MAX_REGEX_INPUT_LENGTH) : text);
  return { ok: true, regex: { test } };
}

/** Returns why `pattern` is refused, or null when it can be used. */
export function validateRegex(pattern: string, engine: PatternEngine, flags: PatternFlags = CASE_SENSITIVE): string | null {
  const result = compileRegex(pattern, engine, flags);
  return result.ok ? null : result.problem;
}

function syntaxProblem(pattern: string): string | null {
  if (typeof pattern !== 'string' || pattern.length === 0) return 'pattern must be a non-empty string';
  if (pattern.length > MAX_REGEX_PATTERN_LENGTH) return `pattern is longer than ${MAX_REGEX_PATTERN_LENGTH} characters`;
  try {
    // Parsing only, never matching: admins write JavaScript syntax whatever engine runs it.
    new RegExp(pattern, 'u');
  } catch (error) {
    return `invalid regular expression: ${(error as Error).message}`;
  }
  return unsupportedFeature(pattern);
}
