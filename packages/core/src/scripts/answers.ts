/**
 * Validation of a customer's answer to an ask step. Answers are width-folded
 * first ("１２３" is 123, "ＳＢ－１２" is "SB-12"); the saved value keeps case.
 */
import { foldWidth, normalizeText } from '../bot/normalize.ts';
import type { PatternEngine } from '../bot/pattern-engine.ts';
import { compileRegex } from '../bot/regex-safety.ts';
import type { AskInput, ChoiceOption, ScriptValue } from './types.ts';

export type AnswerCheck = { ok: true; value: ScriptValue; option?: ChoiceOption } | { ok: false; reason: string };

const EMAIL = /^[^\s@]{1,64}@[^\s@.]{1,63}(?:\.[^\s@.]{1,63}){1,8}$/u;
const PHONE_CHARS = /^\+?[\d\s().-]{6,24}$/u;

export function checkAnswer(input: AskInput, raw: string, patterns: PatternEngine): AnswerCheck {
  const text = foldWidth(raw);
  const kind = input.kind;
  switch (kind) {
    case 'text':
      if (text === '') return { ok: false, reason: 'empty' };
      return input.pattern ? checkPattern(input.pattern, text, patterns) : { ok: true, value: text };
    case 'number':
      return checkNumber(input, text);
    case 'email':
      return EMAIL.test(text) ? { ok: true, value: text.toLowerCase() } : { ok: false, reason: 'email' };
    case 'phone':
      return checkPhone(text);
    case 'choice':
      return checkChoice(input.options, raw);
    default:
      return assertNever(kind);
  }
}

/** A saved pattern a newer check refuses (see conditions.ts) rejects every answer: the ask then gives up as designed. */
function checkPattern(pattern: string, text: string, patterns: PatternEngine): AnswerCheck {
  const compiled = compileRegex(pattern, patterns);
  if (!compiled.ok) return { ok: false, reason: 'invalid_pattern' };
  return compiled.regex.test(text) ? { ok: true, value: text } : { ok: false, reason: 'pattern' };
}

function checkNumber(input: { min?: number; max?: number }, text: string): AnswerCheck {
  const cleaned = text.replace(/,/g, '');
  const value = /^[+-]?\d+(?:\.\d+)?$/u.test(cleaned) ? Number(cleaned) : NaN;
  if (!Number.isFinite(value)) return { ok: false, reason: 'number' };
  if (input.min !== undefined && value < input.min) return { ok: false, reason: 'min' };
  if (input.max !== undefined && value > input.max) return { ok: false, reason: 'max' };
  return { ok: true, value };
}

/** 7 to 15 digits (E.164's limit), saved as digits with an optional leading +. */
function checkPhone(text: string): AnswerCheck {
  if (!PHONE_CHARS.test(text)) return { ok: false, reason: 'phone' };
  const digits = text.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return { ok: false, reason: 'phone' };
  return { ok: true, value: `${text.startsWith('+') ? '+' : ''}${digits}` };
}

/** By value, label, synonym, or 1-based position ("2" picks the second option). */
function checkChoice(options: ChoiceOption[], raw: string): AnswerCheck {
  const answer = normalizeText(raw);
  const byPosition = /^\d+$/u.test(answer) ? options[Number(answer) - 1] : undefined;
  const option =
    byPosition ??
    options.find((o) => [o.value, o.label, ...(o.synonyms ?? [])].some((word) => normalizeText(word) === answer));
  return option ? { ok: true, value: option.value, option } : { ok: false, reason: 'choice' };
}

function assertNever(value: never): never {
  throw new Error(`unexpected ask input kind ${String(value)}`);
}
