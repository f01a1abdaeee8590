/** Field checks for each step type; the graph checks live in validate.ts. */
import type { PatternEngine } from '../bot/pattern-engine.ts';
import { validateRegex } from '../bot/regex-safety.ts';
import { templateProblem } from './template.ts';
import { CONDITION_OPERATORS, END_OUTCOMES, HTTP_METHODS } from './types.ts';
import type { ScriptStep } from './types.ts';
import { MAX_HTTP_TIMEOUT_MS } from './step-handlers.ts';

export type ScriptErrorCode =
  | 'invalid_definition'
  | 'missing_start'
  | 'duplicate_step_id'
  | 'unknown_step_type'
  | 'invalid_field'
  | 'invalid_regex'
  | 'dangling_edge'
  | 'unreachable_step'
  | 'no_reachable_end'
  | 'loop_without_input';

export interface ScriptValidationError {
  code: ScriptErrorCode;
  /** The step at fault, when there is one. */
  step?: string;
  message: string;
}

type Report = (code: ScriptErrorCode, message: string) => void;
type Raw = Record<string, unknown>;

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isStringList = (v: unknown) => Array.isArray(v) && v.every(isString);
const isStringRecord = (v: unknown) => isObject(v) && Object.values(v).every((x) => typeof x === 'string');
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkStepFields(step: ScriptStep, report: Report, patterns: PatternEngine): void {
  const raw = step as unknown as Raw;
  const need = (field: string, ok: boolean, what: string) => {
    if (!ok) report('invalid_field', `${field} must be ${what}`);
  };
  const text = (field: string, optional = false) => {
    const value = raw[field];
    if (optional && value === undefined) return;
    need(field, isString(value), 'a non-empty string');
    const problem = typeof value === 'string' ? templateProblem(value) : null;
    if (problem) report('invalid_field', `${field}: ${problem}`);
  };
  const regex = (field: string, pattern: unknown) => {
    const problem = typeof pattern === 'string' ? validateRegex(pattern, patterns) : 'pattern must be a string';
    if (problem) report('invalid_regex', `${field}: ${problem}`);
  };
  switch (step.type) {
    case 'send':
      text('text');
      need('buttons', raw.buttons === undefined || checkButtons(raw.buttons), 'a list of {label, value?}');
      break;
    case 'ask':
      text('text');
      text('retryText', true);
      need('variable', isString(raw.variable) && /^[\w.-]+$/u.test(raw.variable), 'a variable name ([A-Za-z0-9_.-])');
      need('maxAttempts', raw.maxAttempts === undefined || (Number.isInteger(raw.maxAttempts) && (raw.maxAttempts as number) >= 1), 'an integer ≥ 1');
      checkAskInput(raw.input, need, regex);
      break;
    case 'branch':
      need('cases', Array.isArray(raw.cases), 'a list');
      (Array.isArray(raw.cases) ? raw.cases : []).forEach((c: unknown, i) => checkCase(c, `cases[${i}]`, need, regex));
      break;
    case 'set':
      need('skills', raw.skills === undefined || isStringList(raw.skills), 'a list of skill names');
      need('priority', raw.priority === undefined || Number.isFinite(raw.priority), 'a number');
      need('attributes', raw.attributes === undefined || isStringRecord(raw.attributes), 'an object of strings');
      need('variables', raw.variables === undefined || isObject(raw.variables), 'an object');
      need('tags', raw.tags === undefined || isStringList(raw.tags), 'a list of tag names');
      break;
    case 'http':
      need('method', (HTTP_METHODS as readonly unknown[]).includes(raw.method), HTTP_METHODS.join(' | '));
      text('url');
      need('headers', raw.headers === undefined || isStringRecord(raw.headers), 'an object of strings');
      need('save', raw.save === undefined || isStringRecord(raw.save), 'an object of variable → JSON path');
      need('timeoutMs', raw.timeoutMs === undefined || (Number.isInteger(raw.timeoutMs) && (raw.timeoutMs as number) >= 1 && (raw.timeoutMs as number) <= MAX_HTTP_TIMEOUT_MS), `an integer in 1..${MAX_HTTP_TIMEOUT_MS}`);
      break;
    case 'handoff':
      text('text', true);
      need('skills', raw.skills === undefined || isStringList(raw.skills), 'a list of skill names');
      need('priority', raw.priority === undefined || Number.isFinite(raw.priority), 'a number');
      break;
    case 'end':
      text('text', true);
      need('outcome', (END_OUTCOMES as readonly unknown[]).includes(raw.outcome), END_OUTCOMES.join(' | '));
      break;
    default:
      assertNever(step);
  }
}

type Need = (field: string, ok: boolean, what: string) => void;
type Regex = (field: string, pattern: unknown) => void;

function checkAskInput(input: unknown, need: Need, regex: Regex): void {
  if (!isObject(input)) return need('input', false, 'an object with a kind');
  switch (input.kind) {
    case 'text':
      if (input.pattern !== undefined) regex('input.pattern', input.pattern);
      return;
    case 'number': {
      const { min, max } = input as { min?: unknown; max?: unknown };
      need('input.min', min === undefined || Number.isFinite(min), 'a number');
      need('input.max', max === undefined || Number.isFinite(max), 'a number');
      if (typeof min === 'number' && typeof max === 'number') need('input.min', min <= max, 'at most input.max');
      return;
    }
    case 'email':
    case 'phone':
      return;
    case 'choice': {
      const options = input.options;
      const ok = Array.isArray(options) && options.length > 0 && options.every((o) => isObject(o) && isString(o.value) && isString(o.label));
      return need('input.options', ok, 'a non-empty list of {value, label}');
    }
    default:
      need('input.kind', false, 'text | number | email | phone | choice');
  }
}

function checkCase(c: unknown, field: string, need: Need, regex: Regex): void {
  if (!isObject(c)) return need(field, false, 'an object {when, next}');
  const conditions = Array.isArray(c.when) ? c.when : [c.when];
  conditions.forEach((cond: unknown, i) => {
    const at = `${field}.when${Array.isArray(c.when) ? `[${i}]` : ''}`;
    if (!isObject(cond)) return need(at, false, 'a condition {variable, op, value?}');
    need(`${at}.variable`, isString(cond.variable), 'a variable name');
    need(`${at}.op`, (CONDITION_OPERATORS as readonly unknown[]).includes(cond.op), CONDITION_OPERATORS.join(' | '));
    if (cond.op === 'matches') regex(`${at}.value`, cond.value);
    if (['gt', 'gte', 'lt', 'lte'].includes(cond.op as string)) {
      need(`${at}.value`, cond.value !== '' && Number.isFinite(Number(cond.value)) && cond.value !== null, 'a number');
    }
  });
}

function checkButtons(buttons: unknown): boolean {
  return Array.isArray(buttons) && buttons.every((b) => isObject(b) && isString(b.label) && (b.value === undefined || typeof b.value === 'string'));
}

function assertNever(value: never): never {
  throw new Error(`unexpected step type ${JSON.stringify(value)}`);
}
