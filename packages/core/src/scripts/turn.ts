/**
 * What one interpreter call accumulates: a private copy of the state, the
 * messages to send, events, routing updates and at most one effect. Copying
 * the state up front keeps `startScript`/`continueScript` pure.
 */
import type { PatternEngine } from '../bot/pattern-engine.ts';
import type { ScriptEffect, ScriptEvent, ScriptOutput, ScriptResult, ScriptState, ScriptUpdates } from './state.ts';
import type { ScriptButton } from './types.ts';

export class Turn {
  readonly state: ScriptState;
  readonly outputs: ScriptOutput[] = [];
  readonly events: ScriptEvent[] = [];
  private updates: ScriptUpdates | undefined;
  private effect: ScriptEffect | undefined;

  constructor(
    /** For ask patterns and `matches` conditions. */
    readonly patterns: PatternEngine,
    state: ScriptState,
  ) {
    this.state = {
      ...state,
      variables: { ...state.variables },
      attributes: { ...state.attributes },
      ...(state.skills ? { skills: [...state.skills] } : {}),
    };
  }

  say(text: string, buttons?: ScriptButton[]): void {
    if (text === '') return;
    const output: ScriptOutput = { type: 'message', text };
    if (buttons && buttons.length > 0) output.buttons = buttons.map((b) => ({ label: b.label, value: b.value ?? b.label }));
    this.outputs.push(output);
  }

  event(step: string, type: ScriptEvent['type'], data?: ScriptEvent['data']): void {
    this.events.push(data ? { step, type, data } : { step, type });
  }

  update(change: ScriptUpdates): void {
    const merged: ScriptUpdates = { ...this.updates, ...change };
    if (this.updates?.attributes && change.attributes) merged.attributes = { ...this.updates.attributes, ...change.attributes };
    if (this.updates?.tags && change.tags) merged.tags = [...new Set([...this.updates.tags, ...change.tags])];
    this.updates = merged;
  }

  finish(effect: ScriptEffect): void {
    this.effect = effect;
  }

  result(): ScriptResult {
    const result: ScriptResult = { state: this.state, outputs: this.outputs, events: this.events };
    if (this.effect) result.effect = this.effect;
    if (this.updates) result.updates = this.updates;
    return result;
  }
}
