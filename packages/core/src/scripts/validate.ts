/**
 * Validation on save (SPEC §4): every error names its step so the editor can
 * point at it. A script that passes always reaches an end or a handoff, and
 * can only loop through an ask step, so the interpreter's step guard is a
 * backstop, never the plan.
 */
import type { PatternEngine } from '../bot/pattern-engine.ts';
import { DomainError } from '../errors.ts';
import { cycles, edgesOf, isTerminal, reachable, reverse } from './graph.ts';
import { checkStepFields, type ScriptErrorCode, type ScriptValidationError } from './validate-steps.ts';
import { SCRIPT_STEP_TYPES, type ScriptDefinition, type ScriptStep } from './types.ts';

export type { ScriptErrorCode, ScriptValidationError } from './validate-steps.ts';

/** Accepts unparsed JSON; an empty list means the definition is valid. `patterns` checks the regexes it will run. */
export function validateScript(def: unknown, patterns: PatternEngine): ScriptValidationError[] {
  const errors: ScriptValidationError[] = [];
  const report = (code: ScriptErrorCode, message: string, step?: string) =>
    errors.push(step === undefined ? { code, message } : { code, step, message });
  if (!isDefinitionShape(def)) {
    report('invalid_definition', 'a script needs id (string), version (integer), start (step id) and steps (list)');
    return errors;
  }
  const steps = collectSteps(def.steps, report);
  for (const step of steps.values()) {
    checkStepFields(step, (code, message) => report(code, `${step.id}: ${message}`, step.id), patterns);
  }
  checkGraph(def.start, steps, report);
  return errors;
}

/** For the save path: throws VALIDATION_FAILED with the errors as details. */
export function parseScript(def: unknown, patterns: PatternEngine): ScriptDefinition {
  const errors = validateScript(def, patterns);
  if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', `invalid script: ${errors[0].message}`, errors);
  return def as ScriptDefinition;
}

type Report = (code: ScriptErrorCode, message: string, step?: string) => void;

function isDefinitionShape(def: unknown): def is ScriptDefinition {
  if (typeof def !== 'object' || def === null) return false;
  const d = def as Record<string, unknown>;
  return typeof d.id === 'string' && d.id !== '' && Number.isInteger(d.version) && typeof d.start === 'string' && Array.isArray(d.steps);
}

/** Steps with a valid id and a known type, by id; the rest are reported. */
function collectSteps(raw: unknown[], report: Report): Map<string, ScriptStep> {
  const steps = new Map<string, ScriptStep>();
  raw.forEach((candidate, i) => {
    const step = candidate as { id?: unknown; type?: unknown };
    if (typeof step !== 'object' || step === null || typeof step.id !== 'string' || step.id === '') {
      return report('invalid_field', `steps[${i}] needs a non-empty string id`);
    }
    if (steps.has(step.id)) return report('duplicate_step_id', `step id ${step.id} is used more than once`, step.id);
    if (!(SCRIPT_STEP_TYPES as readonly unknown[]).includes(step.type)) {
      return report('unknown_step_type', `${step.id}: unknown step type ${JSON.stringify(step.type)}`, step.id);
    }
    steps.set(step.id, candidate as ScriptStep);
  });
  return steps;
}

function checkGraph(start: string, steps: Map<string, ScriptStep>, report: Report): void {
  if (!steps.has(start)) report('missing_start', `start step ${start} does not exist`);
  const adjacency = new Map<string, string[]>();
  for (const step of steps.values()) {
    const edges = edgesOf(step);
    for (const { field, target } of edges) {
      if (!steps.has(target)) report('dangling_edge', `${step.id}.${field} points to missing step ${target}`, step.id);
    }
    adjacency.set(step.id, edges.map((e) => e.target).filter((t) => steps.has(t)));
  }
  const fromStart = reachable([start], adjacency);
  const terminals = [...steps.values()].filter(isTerminal).map((s) => s.id);
  const canFinish = reachable(terminals, reverse(adjacency));
  for (const id of steps.keys()) {
    if (!fromStart.has(id)) report('unreachable_step', `${id} cannot be reached from start step ${start}`, id);
    else if (!canFinish.has(id)) report('no_reachable_end', `${id} can never reach an end or handoff step`, id);
  }
  for (const loop of cycles(adjacency)) {
    if (loop.some((id) => steps.get(id)?.type === 'ask')) continue;
    report('loop_without_input', `steps ${loop.join(' → ')} loop without an ask step`, loop[0]);
  }
}
