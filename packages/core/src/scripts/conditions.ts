/** Branch conditions on script variables. */
import type { PatternEngine } from '../bot/pattern-engine.ts';
import { compileRegex } from '../bot/regex-safety.ts';
import type { Condition, ScriptValue, ScriptVariables } from './types.ts';

export function conditionsHold(when: Condition | Condition[], variables: ScriptVariables, patterns: PatternEngine): boolean {
  return (Array.isArray(when) ? when : [when]).every((condition) => holds(condition, variables, patterns));
}

function holds(condition: Condition, variables: ScriptVariables, patterns: PatternEngine): boolean {
  const actual = variables[condition.variable];
  const op = condition.op;
  switch (op) {
    case 'exists':
      return actual !== undefined && actual !== null && actual !== '';
    case 'not_exists':
      return actual === undefined || actual === null || actual === '';
    case 'equals':
      return sameValue(actual, condition.value);
    case 'not_equals':
      return !sameValue(actual, condition.value);
    case 'matches':
      return actual != null && matches(String(condition.value), String(actual), patterns);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return compareNumbers(op, actual, condition.value);
    default:
      return assertNever(op);
  }
}

/**
 * Saved scripts were validated, so a pattern fails to compile only when a newer
 * check refuses it (a lookahead saved before the linear-time engine): the
 * condition is then false rather than the whole turn failing.
 */
function matches(pattern: string, text: string, patterns: PatternEngine): boolean {
  const compiled = compileRegex(pattern, patterns);
  return compiled.ok && compiled.regex.test(text);
}

/** "42" equals 42: answers arrive as text, numbers from number asks or HTTP. */
function sameValue(actual: ScriptValue | undefined, expected: ScriptValue | undefined): boolean {
  if (actual === undefined || actual === null) return expected === undefined || expected === null;
  return String(actual) === String(expected);
}

function compareNumbers(op: 'gt' | 'gte' | 'lt' | 'lte', actual: ScriptValue | undefined, expected: ScriptValue | undefined): boolean {
  const a = toNumber(actual);
  const b = toNumber(expected);
  if (a === null || b === null) return false;
  if (op === 'gt') return a > b;
  if (op === 'gte') return a >= b;
  if (op === 'lt') return a < b;
  return a <= b;
}

function toNumber(value: ScriptValue | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function assertNever(value: never): never {
  throw new Error(`unexpected condition operator ${String(value)}`);
}
