/**
 * Ordered keyword rules (SPEC §4). The first rule in list order that matches
 * wins, whatever its type; the three indexes below each report the lowest rule
 * position they match and we take the minimum, which keeps that order while
 * never scanning all the rules.
 */
import { DomainError } from '../errors.ts';
import { AhoCorasick } from './aho-corasick.ts';
import { normalizeText } from './normalize.ts';
import type { CompiledPattern, PatternEngine, PatternFlags } from './pattern-engine.ts';
import { compileRegex } from './regex-safety.ts';

export const KEYWORD_MATCH_TYPES = ['exact', 'contains', 'regex'] as const;
export type KeywordMatchType = (typeof KEYWORD_MATCH_TYPES)[number];

export type KeywordAction =
  /** Queue the conversation for a person, optionally with required skills and a base priority. */
  | { type: 'handoff'; skills?: string[]; priority?: number }
  /** Hand the conversation to a conversation script. */
  | { type: 'start_script'; scriptId: string }
  /** Complete the conversation. */
  | { type: 'close' };

export interface KeywordRule {
  id: string;
  match: KeywordMatchType;
  /** Compared after `normalizeText`; a regex runs on the normalised text, case-insensitively, on the linear-time engine. */
  pattern: string;
  reply?: string;
  action?: KeywordAction;
  /** Service-reason tags (names) the conversation gets when this rule matches. */
  tags?: string[];
}

export interface KeywordRuleError {
  ruleId: string;
  message: string;
}

export interface KeywordMatcher {
  /** The first rule (in rule order) matching `text`, or null. */
  match(text: string): KeywordRule | null;
  readonly size: number;
}

const REGEX_FLAGS: PatternFlags = { ignoreCase: true };

/** `patterns` compiles the regex rules: the same engine must then run them (compileKeywordRules). */
export function validateKeywordRules(rules: readonly KeywordRule[], patterns: PatternEngine): KeywordRuleError[] {
  return checkRules(rules, patterns).errors;
}

/** Throws VALIDATION_FAILED (details: KeywordRuleError[]) when a rule is invalid. */
export function compileKeywordRules(rules: readonly KeywordRule[], patterns: PatternEngine): KeywordMatcher {
  const { errors, compiled } = checkRules(rules, patterns);
  if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', 'invalid keyword rules', errors);
  const exact = new Map<string, number>();
  const contains: { text: string; rank: number }[] = [];
  const regexes: { regex: CompiledPattern; rank: number }[] = [];
  rules.forEach((rule, rank) => {
    const match = rule.match;
    switch (match) {
      case 'exact': {
        const key = normalizeText(rule.pattern);
        if (!exact.has(key)) exact.set(key, rank);
        break;
      }
      case 'contains':
        contains.push({ text: normalizeText(rule.pattern), rank });
        break;
      case 'regex':
        regexes.push({ regex: compiled.get(rank)!, rank });
        break;
      default:
        assertNever(match);
    }
  });
  return buildMatcher(rules, exact, new AhoCorasick(contains), regexes);
}

/** The errors, and each valid regex rule compiled once (by rank): validating compiles anyway. */
function checkRules(rules: readonly KeywordRule[], patterns: PatternEngine) {
  const errors: KeywordRuleError[] = [];
  const compiled = new Map<number, CompiledPattern>();
  const ids = new Set<string>();
  rules.forEach((rule, rank) => {
    const fail = (message: string) => errors.push({ ruleId: rule.id, message });
    if (ids.has(rule.id)) fail('duplicate rule id');
    ids.add(rule.id);
    if (!(KEYWORD_MATCH_TYPES as readonly string[]).includes(rule.match)) fail(`unknown match type ${rule.match}`);
    else if (rule.match === 'regex') {
      const result = compileRegex(rule.pattern, patterns, REGEX_FLAGS);
      if (result.ok) compiled.set(rank, result.regex);
      else fail(result.problem);
    } else if (normalizeText(rule.pattern ?? '') === '') fail('pattern is empty after normalisation');
    if (rule.reply === undefined && rule.action === undefined) fail('a rule needs a reply, an action or both');
  });
  return { errors, compiled };
}

function buildMatcher(
  rules: readonly KeywordRule[],
  exact: Map<string, number>,
  automaton: AhoCorasick,
  regexes: { regex: CompiledPattern; rank: number }[],
): KeywordMatcher {
  return {
    size: rules.length,
    match(text: string): KeywordRule | null {
      const normalized = normalizeText(text);
      let best = Math.min(exact.get(normalized) ?? Infinity, automaton.lowestRankIn(normalized));
      // Regexes are in rule order: stop at the first one that would not improve `best`.
      for (const { regex, rank } of regexes) {
        if (rank >= best) break;
        if (regex.test(normalized)) best = rank;
      }
      return best === Infinity ? null : rules[best];
    },
  };
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${String(value)}`);
}
