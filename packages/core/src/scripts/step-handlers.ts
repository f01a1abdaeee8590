/**
 * One handler per step type. A handler returns the id of the step to run next,
 * or null when the script pauses (ask, http) or finishes (handoff, end).
 */
import { interpolate, interpolateJson, interpolateUrl, readPath, toScriptValue } from './template.ts';
import { checkAnswer } from './answers.ts';
import { conditionsHold } from './conditions.ts';
import type { HttpResult } from './state.ts';
import type { AskStep, HttpStep, ScriptButton, ScriptStep } from './types.ts';
import type { Turn } from './turn.ts';

export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_RETRY_TEXT = "Sorry, I didn't understand that.";
export const DEFAULT_HTTP_TIMEOUT_MS = 5000;
export const MAX_HTTP_TIMEOUT_MS = 30_000;

export function executeStep(step: ScriptStep, turn: Turn): string | null {
  const vars = turn.state.variables;
  switch (step.type) {
    case 'send':
      turn.say(interpolate(step.text, vars), step.buttons);
      return step.next;
    case 'ask':
      turn.say(interpolate(step.text, vars), askButtons(step));
      Object.assign(turn.state, { status: 'awaiting_input', stepId: step.id, attempts: 0 });
      return null;
    case 'branch': {
      const index = step.cases.findIndex((c) => conditionsHold(c.when, vars, turn.patterns));
      const next = index >= 0 ? step.cases[index].next : step.default;
      turn.event(step.id, 'branch_taken', { case: index >= 0 ? index : 'default', next });
      return next;
    }
    case 'set':
      applySet(step, turn);
      return step.next;
    case 'http':
      return requestHttp(step, turn);
    case 'handoff':
      if (step.text) turn.say(interpolate(step.text, vars));
      handOff(turn, step.id, 'step', step.skills, step.priority);
      return null;
    case 'end':
      if (step.text) turn.say(interpolate(step.text, vars));
      Object.assign(turn.state, { status: 'ended', stepId: step.id });
      turn.event(step.id, 'ended', { outcome: step.outcome });
      turn.finish({ type: 'end', step: step.id, outcome: step.outcome });
      return null;
    default:
      return assertNever(step);
  }
}

/** The customer's answer at an ask step: next step, or null to stay (retry) or after handing off. */
export function answerAsk(step: AskStep, text: string, turn: Turn): string | null {
  const check = checkAnswer(step.input, text, turn.patterns);
  if (check.ok) {
    turn.state.variables[step.variable] = check.value;
    turn.state.attempts = 0;
    turn.event(step.id, 'answer_accepted', { variable: step.variable, value: check.value });
    return check.option?.next ?? step.next;
  }
  const attempt = turn.state.attempts + 1;
  turn.event(step.id, 'answer_rejected', { reason: check.reason, attempt });
  if (attempt < (step.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
    turn.state.attempts = attempt;
    const question = interpolate(step.text, turn.state.variables);
    turn.say(step.retryText ? interpolate(step.retryText, turn.state.variables) : `${DEFAULT_RETRY_TEXT} ${question}`, askButtons(step));
    return null;
  }
  turn.state.attempts = 0;
  turn.event(step.id, 'ask_gave_up', { attempts: attempt });
  if (step.onFail) return step.onFail;
  handOff(turn, step.id, 'ask_failed');
  return null;
}

/** The caller's HTTP result: saves the requested values and follows next or onError. */
export function resumeHttp(step: HttpStep, result: HttpResult, turn: Turn): string {
  if (!result.ok) {
    turn.event(step.id, 'http_failed', { error: result.error, status: result.status });
    return step.onError;
  }
  for (const [variable, path] of Object.entries(step.save ?? {})) {
    turn.state.variables[variable] = toScriptValue(readPath(result.body, path));
  }
  turn.event(step.id, 'http_succeeded', { status: result.status });
  return step.next;
}

export function handOff(turn: Turn, stepId: string, reason: 'step' | 'ask_failed' | 'step_limit', skills?: string[], priority?: number): void {
  const finalSkills = skills ?? turn.state.skills ?? [];
  const finalPriority = priority ?? turn.state.priority;
  Object.assign(turn.state, { status: 'handed_off', stepId });
  turn.event(stepId, 'handed_off', { reason, skills: finalSkills });
  turn.finish({ type: 'handoff', step: stepId, skills: finalSkills, reason, ...(finalPriority !== undefined ? { priority: finalPriority } : {}) });
}

function askButtons(step: AskStep): ScriptButton[] | undefined {
  if (step.buttons) return step.buttons;
  return step.input.kind === 'choice' ? step.input.options.map((o) => ({ label: o.label, value: o.value })) : undefined;
}

function applySet(step: Extract<ScriptStep, { type: 'set' }>, turn: Turn): void {
  const { state } = turn;
  for (const [name, value] of Object.entries(step.variables ?? {})) {
    state.variables[name] = typeof value === 'string' ? interpolate(value, state.variables) : value;
  }
  const attributes = Object.fromEntries(Object.entries(step.attributes ?? {}).map(([k, v]) => [k, interpolate(v, state.variables)]));
  Object.assign(state.attributes, attributes);
  if (step.skills) state.skills = [...step.skills];
  if (step.priority !== undefined) state.priority = step.priority;
  turn.update({
    ...(step.skills ? { skills: [...step.skills] } : {}),
    ...(step.priority !== undefined ? { priority: step.priority } : {}),
    ...(step.attributes ? { attributes } : {}),
    ...(step.tags?.length ? { tags: [...step.tags] } : {}),
  });
  turn.event(step.id, 'values_set', { variables: Object.keys(step.variables ?? {}), skills: step.skills, priority: step.priority });
}

function requestHttp(step: HttpStep, turn: Turn): string | null {
  const vars = turn.state.variables;
  const url = interpolateUrl(step.url, vars);
  if (!/^https?:\/\/[^/\s]+/iu.test(url)) {
    turn.event(step.id, 'http_failed', { error: 'invalid_url', url });
    return step.onError;
  }
  const headers = Object.fromEntries(Object.entries(step.headers ?? {}).map(([k, v]) => [k, interpolate(v, vars)]));
  const timeoutMs = Math.min(step.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS, MAX_HTTP_TIMEOUT_MS);
  Object.assign(turn.state, { status: 'awaiting_http', stepId: step.id });
  turn.event(step.id, 'http_requested', { method: step.method, url });
  turn.finish({
    type: 'http_request', step: step.id, method: step.method, url, headers, timeoutMs,
    ...(step.body !== undefined ? { body: interpolateJson(step.body, vars) } : {}),
  });
  return null;
}

function assertNever(value: never): never {
  throw new Error(`unexpected step ${JSON.stringify(value)}`);
}
