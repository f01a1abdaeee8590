/**
 * The script interpreter. It does no I/O: an http step ends the call with an
 * `http_request` effect and the caller resumes the script with the result, so
 * the server decides how to fetch, time out and persist in between.
 */
import type { PatternEngine } from '../bot/pattern-engine.ts';
import { DomainError } from '../errors.ts';
import { answerAsk, executeStep, handOff, resumeHttp } from './step-handlers.ts';
import { isScriptFinished, type ScriptInput, type ScriptResult, type ScriptState } from './state.ts';
import { Turn } from './turn.ts';
import type { ScriptDefinition, ScriptStep, ScriptVariables } from './types.ts';

/** Steps run without customer input before the guard hands off: a validated script never gets near it. */
export const DEFAULT_MAX_AUTO_STEPS = 50;

/** What a run needs from outside the core. */
export interface ScriptEnvironment {
  /** Runs ask patterns and `matches` conditions: linear-time (SPEC §7). */
  patterns: PatternEngine;
}

export interface ScriptContext extends ScriptEnvironment {
  /** Initial variables, e.g. `baseUrl` for http steps or the contact's name. */
  variables?: ScriptVariables;
  attributes?: Record<string, string>;
}

export function startScript(def: ScriptDefinition, context: ScriptContext): ScriptResult {
  const turn = new Turn(context.patterns, {
    scriptId: def.id,
    version: def.version,
    status: 'awaiting_input',
    stepId: def.start,
    variables: { ...context.variables },
    attempts: 0,
    attributes: { ...context.attributes },
  });
  return run(def, turn, def.start);
}

/**
 * Feeds a customer message or an HTTP result to a paused script. Input the
 * script is not waiting for (a message while the HTTP call runs, a stale HTTP
 * result, anything after the end) is ignored and reported as an event.
 */
export function continueScript(def: ScriptDefinition, state: ScriptState, input: ScriptInput, env: ScriptEnvironment): ScriptResult {
  if (def.id !== state.scriptId || def.version !== state.version) {
    throw new DomainError(
      'CONFLICT',
      `state belongs to script ${state.scriptId} v${state.version}, not ${def.id} v${def.version}`,
    );
  }
  const turn = new Turn(env.patterns, state);
  const step = stepsById(def).get(state.stepId);
  if (isScriptFinished(state) || !step) return ignore(turn, 'script is not running');
  if (state.status === 'awaiting_input' && step.type === 'ask' && input.type === 'text') {
    const next = answerAsk(step, input.text, turn);
    return next === null ? turn.result() : run(def, turn, next);
  }
  if (state.status === 'awaiting_http' && step.type === 'http' && input.type === 'http_result') {
    if (input.step !== undefined && input.step !== step.id) return ignore(turn, 'result for another step');
    return run(def, turn, resumeHttp(step, input, turn));
  }
  return ignore(turn, `waiting for ${state.status === 'awaiting_http' ? 'an HTTP result' : 'a message'}`);
}

function run(def: ScriptDefinition, turn: Turn, firstStepId: string): ScriptResult {
  const steps = stepsById(def);
  const limit = def.maxAutoSteps ?? DEFAULT_MAX_AUTO_STEPS;
  let stepId: string | null = firstStepId;
  for (let count = 0; stepId !== null; count++) {
    if (count >= limit) {
      turn.event(stepId, 'step_limit_exceeded', { limit });
      handOff(turn, stepId, 'step_limit');
      break;
    }
    const step = steps.get(stepId);
    if (!step) throw new DomainError('VALIDATION_FAILED', `script ${def.id} has no step ${stepId}`);
    turn.event(step.id, 'entered');
    turn.state.stepId = step.id;
    stepId = executeStep(step, turn);
  }
  return turn.result();
}

function ignore(turn: Turn, reason: string): ScriptResult {
  turn.event(turn.state.stepId, 'input_ignored', { reason });
  return turn.result();
}

function stepsById(def: ScriptDefinition): Map<string, ScriptStep> {
  return new Map(def.steps.map((step) => [step.id, step]));
}
