/**
 * The port through which admin-written patterns (keyword `regex` rules, script
 * ask patterns and `matches` conditions) are compiled and run. JavaScript's
 * RegExp backtracks, so one tenant's pattern could freeze every tenant's
 * messages; SPEC §7 wants no rule an admin can write to match super-linearly.
 * The core lists no runtime dependencies, so the engine (RE2-class, e.g.
 * re2js) lives in the server and is passed in (docs/decisions/0011-regex-engine.md).
 */

export interface PatternFlags {
  ignoreCase: boolean;
}

export interface CompiledPattern {
  /** Whether the pattern matches anywhere in `text` (unanchored, like RegExp#test). */
  test(text: string): boolean;
}

export type PatternCompilation = { ok: true; pattern: CompiledPattern } | { ok: false; problem: string };

export interface PatternEngine {
  /**
   * The promise every engine makes: matching time is linear in the input
   * length, whatever the pattern. A backtracking engine must not claim it.
   */
  readonly guarantee: 'linear-time';
  /** Compiles JavaScript regex syntax; `problem` says in words why a pattern cannot be used. */
  compile(source: string, flags: PatternFlags): PatternCompilation;
}
