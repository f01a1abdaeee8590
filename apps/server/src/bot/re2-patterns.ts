import type { PatternCompilation, PatternEngine, PatternFlags } from '@switchboard/core';
import { RE2JS } from 're2js';

const MAX_CACHED = 2000;
const PARSE_PREFIX = /^error parsing regexp:\s*/;
/** `\p{Script=Han}` / `\p{gc=L}` (JavaScript) → `\p{Han}` / `\p{L}` (RE2); an even run of backslashes before it is literal. */
const PROPERTY_PREFIX = /(?<!\\)((?:\\\\)*)\\([pP])\{(?:Script|sc|General_Category|gc)=([A-Za-z_]+)\}/g;

/**
 * The core's PatternEngine on re2js, a pure-JavaScript port of RE2 (Go's
 * regexp): a DFA/NFA simulation with no backtracking, so matching is linear in
 * the input whatever the pattern (docs/decisions/0011-regex-engine.md).
 * Admins write JavaScript syntax; `translateRegExp` rewrites the spellings RE2
 * lacks (`\uXXXX`, `(?<name>`, `[^]`, `\cX`), and we drop the `Script=` /
 * `gc=` prefix of unicode properties, which RE2 spells without. The core has
 * already refused, by name, what RE2 cannot express (lookaround, backreferences).
 *
 * Compilations are cached: a script's ask pattern is compiled on every answer,
 * and an RE2 compile costs more than the match.
 */
export class Re2PatternEngine implements PatternEngine {
  readonly guarantee = 'linear-time';
  private readonly cache = new Map<string, PatternCompilation>();

  compile(source: string, flags: PatternFlags): PatternCompilation {
    const key = `${flags.ignoreCase ? 'i' : '-'}${source}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const result = compileRe2(source, flags);
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, result);
    return result;
  }
}

function compileRe2(source: string, flags: PatternFlags): PatternCompilation {
  try {
    const re = RE2JS.compile(toRe2Syntax(source), flags.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    return { ok: true, pattern: { test: (text) => re.test(text) } };
  } catch (error) {
    const reason = (error as Error).message.replace(PARSE_PREFIX, '');
    return { ok: false, problem: `the linear-time regex engine (RE2) cannot compile this pattern: ${reason}` };
  }
}

function toRe2Syntax(source: string): string {
  return RE2JS.translateRegExp(source.replace(PROPERTY_PREFIX, '$1\\$2{$3}'));
}
