import type { ScriptError } from '../../lib/types.ts';

export interface OutlineStep {
  id: string;
  type: string;
  errors: ScriptError[];
}

/**
 * The steps of the JSON being edited, each with the server's errors that name
 * it; errors naming no step (or a step not in the text) come back apart.
 * Unparsable text gives no steps: the parse error is shown instead.
 */
export function outline(text: string, errors: ScriptError[]): { steps: OutlineStep[]; general: ScriptError[]; parseError: string | null } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { steps: [], general: errors, parseError: e instanceof Error ? e.message : String(e) };
  }
  const raw = (parsed as { steps?: unknown }).steps;
  const steps: OutlineStep[] = (Array.isArray(raw) ? raw : []).map((s: { id?: unknown; type?: unknown }) => ({
    id: String(s?.id ?? '?'),
    type: String(s?.type ?? '?'),
    errors: errors.filter((e) => e.step !== undefined && e.step === s?.id),
  }));
  const named = new Set(steps.map((s) => s.id));
  return { steps, general: errors.filter((e) => e.step === undefined || !named.has(e.step)), parseError: null };
}

/** Where a step's `"id": "…"` is in the text, to put the caret there. */
export function stepOffset(text: string, stepId: string): number {
  const m = new RegExp(`"id"\\s*:\\s*${JSON.stringify(stepId).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).exec(text);
  return m ? m.index : -1;
}

/** The editable part of a stored draft: id and version belong to the server. */
export function draftText(draft: Record<string, unknown>): string {
  const { id: _id, version: _version, ...rest } = draft;
  return JSON.stringify(rest, null, 2);
}
