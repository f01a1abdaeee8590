/**
 * Conversation scripts (SPEC §4): a versioned flow definition, the interpreter's
 * serialisable state, and what one interpreter call returns. Everything here is
 * plain JSON so the server can store definitions and states as-is.
 */

export type ScriptValue = string | number | boolean | null;
export type ScriptVariables = Record<string, ScriptValue>;

export interface ScriptDefinition {
  id: string;
  /** A conversation pins the version it started with; the interpreter refuses another. */
  version: number;
  name?: string;
  /** Id of the first step. */
  start: string;
  steps: ScriptStep[];
  /** Steps run without customer input before the guard hands off (default 50). */
  maxAutoSteps?: number;
}

export interface ScriptButton {
  label: string;
  /** Sent back as the customer's input when pressed (defaults to the label). */
  value?: string;
}

/** Show a message (text interpolated), optionally with quick-reply buttons. */
export interface SendStep {
  id: string;
  type: 'send';
  text: string;
  buttons?: ScriptButton[];
  next: string;
}

export type AskInput =
  | { kind: 'text'; pattern?: string }
  | { kind: 'number'; min?: number; max?: number }
  | { kind: 'email' }
  | { kind: 'phone' }
  | { kind: 'choice'; options: ChoiceOption[] };

export interface ChoiceOption {
  value: string;
  label: string;
  /** Other answers that pick this option, compared after normalisation. */
  synonyms?: string[];
  /** Overrides the step's `next` when this option is picked. */
  next?: string;
}

/** Ask, validate the answer and save it in `variable`; give up after `maxAttempts`. */
export interface AskStep {
  id: string;
  type: 'ask';
  text: string;
  variable: string;
  input: AskInput;
  buttons?: ScriptButton[];
  /** Default 3. */
  maxAttempts?: number;
  /** Shown after an invalid answer (default DEFAULT_RETRY_TEXT followed by the question). */
  retryText?: string;
  next: string;
  /** Step after the last failed attempt; without one the script hands off. */
  onFail?: string;
}

export const CONDITION_OPERATORS = ['equals', 'not_equals', 'matches', 'exists', 'not_exists', 'gt', 'gte', 'lt', 'lte'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export interface Condition {
  variable: string;
  op: ConditionOperator;
  /** Compared value; a regex pattern for `matches`; unused by exists / not_exists. */
  value?: ScriptValue;
}

export interface BranchCase {
  /** One condition, or several that must all hold. */
  when: Condition | Condition[];
  next: string;
}

/** The first case whose conditions hold picks the next step; otherwise `default`. */
export interface BranchStep {
  id: string;
  type: 'branch';
  cases: BranchCase[];
  default: string;
}

/** Record routing hints and data for the server; values of `attributes`/`variables` are interpolated. */
export interface SetStep {
  id: string;
  type: 'set';
  skills?: string[];
  priority?: number;
  attributes?: Record<string, string>;
  variables?: Record<string, ScriptValue>;
  /** Service-reason tag names for the conversation (agent tools). */
  tags?: string[];
  next: string;
}

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Ask the caller to make an HTTP call; the script resumes with its result. */
export interface HttpStep {
  id: string;
  type: 'http';
  method: HttpMethod;
  /** `{{var}}` values are percent-encoded, except a placeholder opening the URL (the base URL). */
  url: string;
  headers?: Record<string, string>;
  /** JSON; string leaves are interpolated, a leaf that is exactly "{{var}}" keeps the value's type. */
  body?: unknown;
  /** Default 5,000 ms, at most 30,000. */
  timeoutMs?: number;
  /** variable name → dotted path into the JSON response ("status", "items.0.name"). */
  save?: Record<string, string>;
  next: string;
  onError: string;
}

export interface HandoffStep {
  id: string;
  type: 'handoff';
  text?: string;
  /** Defaults to the skills a `set` step recorded. */
  skills?: string[];
  priority?: number;
}

export const END_OUTCOMES = ['resolved', 'bot'] as const;
/** `resolved` completes the conversation; `bot` gives it back to the keyword bot. */
export type EndOutcome = (typeof END_OUTCOMES)[number];

export interface EndStep {
  id: string;
  type: 'end';
  outcome: EndOutcome;
  text?: string;
}

export type ScriptStep = SendStep | AskStep | BranchStep | SetStep | HttpStep | HandoffStep | EndStep;
export type ScriptStepType = ScriptStep['type'];
export const SCRIPT_STEP_TYPES: readonly ScriptStepType[] = ['send', 'ask', 'branch', 'set', 'http', 'handoff', 'end'];
