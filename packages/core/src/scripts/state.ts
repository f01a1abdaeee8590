/** Interpreter state, inputs and results: plain JSON, stored by the server between messages. */
import type { EndOutcome, HttpMethod, ScriptValue, ScriptVariables } from './types.ts';

export type ScriptStatus =
  /** Paused at an ask step until the customer answers. */
  | 'awaiting_input'
  /** Paused at an http step until the caller reports the call's result. */
  | 'awaiting_http'
  /** Finished by a handoff (step, failed ask or step guard). */
  | 'handed_off'
  /** Finished by an end step. */
  | 'ended';

export interface ScriptState {
  scriptId: string;
  version: number;
  status: ScriptStatus;
  /** The step awaiting input or an HTTP result; the last step run once finished. */
  stepId: string;
  variables: ScriptVariables;
  /** Failed answers so far at the current ask step. */
  attempts: number;
  skills?: string[];
  priority?: number;
  attributes: Record<string, string>;
}

export type ScriptInput =
  | { type: 'text'; text: string }
  | HttpResult;

export type HttpResult =
  | { type: 'http_result'; step?: string; ok: true; status: number; body: unknown }
  | { type: 'http_result'; step?: string; ok: false; error: 'timeout' | 'network' | 'status' | 'invalid_json'; status?: number };

export interface ScriptOutput {
  type: 'message';
  text: string;
  buttons?: { label: string; value: string }[];
}

export type ScriptEffect =
  | { type: 'http_request'; step: string; method: HttpMethod; url: string; headers: Record<string, string>; body?: unknown; timeoutMs: number }
  | { type: 'handoff'; step: string; skills: string[]; priority?: number; reason: 'step' | 'ask_failed' | 'step_limit' }
  | { type: 'end'; step: string; outcome: EndOutcome };

/** Routing hints and contact attributes recorded by `set` steps during this call. */
export interface ScriptUpdates {
  skills?: string[];
  priority?: number;
  attributes?: Record<string, string>;
  /** Service-reason tag names to add (a `set` step's `tags`). */
  tags?: string[];
}

export interface ScriptEvent {
  step: string;
  type:
    | 'entered'
    | 'answer_accepted'
    | 'answer_rejected'
    | 'ask_gave_up'
    | 'branch_taken'
    | 'values_set'
    | 'http_requested'
    | 'http_succeeded'
    | 'http_failed'
    | 'handed_off'
    | 'ended'
    | 'input_ignored'
    | 'step_limit_exceeded';
  data?: Record<string, ScriptValue | string[] | undefined>;
}

export interface ScriptResult {
  state: ScriptState;
  outputs: ScriptOutput[];
  /** Present when the script paused for HTTP or finished. */
  effect?: ScriptEffect;
  updates?: ScriptUpdates;
  events: ScriptEvent[];
}

export function isScriptFinished(state: ScriptState): boolean {
  return state.status === 'handed_off' || state.status === 'ended';
}
