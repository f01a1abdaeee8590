/**
 * The script simulator behind the editor's "try it" panel: runs a definition
 * against a list of inputs and shows every turn's messages, events, effect and
 * variables. HTTP steps take the next input if it is an HTTP result, else the
 * optional `http` responder's answer, else the simulation stops there.
 */
import { continueScript, startScript, type ScriptContext } from './interpreter.ts';
import { isScriptFinished, type HttpResult, type ScriptEffect, type ScriptInput, type ScriptResult, type ScriptState } from './state.ts';
import { validateScript, type ScriptValidationError } from './validate.ts';
import type { ScriptDefinition, ScriptVariables } from './types.ts';

export interface SimulationTurn {
  /** Undefined for the opening turn. */
  input?: ScriptInput;
  result: ScriptResult;
  /** Variables after the turn, for display. */
  variables: ScriptVariables;
}

export interface Simulation {
  errors: ScriptValidationError[];
  turns: SimulationTurn[];
  final: ScriptState;
  /** Inputs not consumed because the script finished or waited for HTTP. */
  unusedInputs: number;
}

export interface SimulationOptions extends ScriptContext {
  http?: (request: Extract<ScriptEffect, { type: 'http_request' }>) => HttpResult;
}

export function simulate(def: ScriptDefinition, inputs: readonly (string | ScriptInput)[], options: SimulationOptions): Simulation {
  const turns: SimulationTurn[] = [];
  const record = (result: ScriptResult, input?: ScriptInput) => {
    turns.push({ ...(input ? { input } : {}), result, variables: { ...result.state.variables } });
    return result;
  };
  let last = record(startScript(def, options));
  const queue = inputs.map((i): ScriptInput => (typeof i === 'string' ? { type: 'text', text: i } : i));
  while (!isScriptFinished(last.state)) {
    const input = nextInput(last, queue, options);
    if (!input) break;
    last = record(continueScript(def, last.state, input, options), input);
  }
  return { errors: validateScript(def, options.patterns), turns, final: last.state, unusedInputs: queue.length };
}

function nextInput(last: ScriptResult, queue: ScriptInput[], options: SimulationOptions): ScriptInput | undefined {
  if (last.state.status !== 'awaiting_http') return queue.shift();
  if (queue[0]?.type === 'http_result') return queue.shift();
  const request = last.effect?.type === 'http_request' ? last.effect : undefined;
  return request && options.http ? options.http(request) : undefined;
}
