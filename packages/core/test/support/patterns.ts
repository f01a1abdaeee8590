/**
 * The pattern engine for core tests: the server's real re2js adapter, imported
 * for tests only; the core itself depends on no engine (docs/decisions/0011-regex-engine.md).
 */
import type { CompiledPattern, PatternEngine, PatternFlags, PatternCompilation } from '../../src/bot/index.ts';
import { Re2PatternEngine } from '../../../../apps/server/src/bot/re2-patterns.ts';

export const patterns: PatternEngine = new Re2PatternEngine();

/** Wraps the real engine and records what went through it: the tests' proof that nothing else matched. */
export class RecordingPatterns implements PatternEngine {
  readonly guarantee = 'linear-time';
  readonly compiled: string[] = [];
  tests = 0;

  compile(source: string, flags: PatternFlags): PatternCompilation {
    this.compiled.push(source);
    const result = patterns.compile(source, flags);
    if (!result.ok) return result;
    const inner: CompiledPattern = result.pattern;
    return { ok: true, pattern: { test: (text) => (this.tests++, inner.test(text)) } };
  }
}
