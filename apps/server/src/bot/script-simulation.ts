import { simulate, type ScriptDefinition, type ScriptInput, type ScriptVariables } from '@switchboard/core';
import { botRuntime } from './runtime.ts';
import { readBotState } from './versions.ts';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { getScriptVersion, scriptRow } from './scripts.ts';

export interface SimulateInput {
  inputs: (string | Record<string, unknown>)[];
  variables?: ScriptVariables;
  version?: number;
}

/**
 * The editor's "try it": runs the draft (or a published version) through the
 * core simulator. Nothing is stored and no HTTP call is made: an http step
 * takes the next input if it is an http_result object, else the run stops there.
 */
export async function simulateScript(deps: Deps, p: Principal, id: string, body: SimulateInput) {
  const def = body.version
    ? ((await getScriptVersion(deps, p, id, body.version)).definition as unknown as ScriptDefinition)
    : ((await scriptRow(deps, p.workspaceId, id, false)).draft as unknown as ScriptDefinition);
  const { settings } = await readBotState(deps.db, p.workspaceId);
  const baseUrl = botRuntime(deps).baseUrl;
  const variables = { ...(baseUrl && { baseUrl }), ...settings.scriptVariables, ...body.variables };
  return simulate(def, body.inputs as (string | ScriptInput)[], { variables, patterns: deps.patterns });
}
