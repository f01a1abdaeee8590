import type { ScriptDefinition, ScriptStep } from '../../src/scripts/index.ts';

/** A definition from steps; the first step starts. */
export function script(steps: ScriptStep[], extra: Partial<ScriptDefinition> = {}): ScriptDefinition {
  return { id: 'test', version: 1, start: steps[0]?.id ?? 'start', steps, ...extra };
}

export const end = (id = 'done', outcome: 'resolved' | 'bot' = 'resolved'): ScriptStep => ({ id, type: 'end', outcome });
export const send = (id: string, text: string, next: string): ScriptStep => ({ id, type: 'send', text, next });
