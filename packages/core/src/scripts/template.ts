/**
 * `{{variable}}` interpolation. A missing variable renders as an empty string so
 * a customer never sees raw braces.
 */
import type { ScriptValue, ScriptVariables } from './types.ts';

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([\w.-]+)\s*\}\}$/;

export function interpolate(template: string, variables: ScriptVariables): string {
  return template.replace(PLACEHOLDER, (_, name: string) => render(variables[name]));
}

/**
 * Values are percent-encoded so an answer cannot change the URL's path or host
 * ("1/../../admin"); a placeholder opening the URL is the base URL and goes in
 * as-is.
 */
export function interpolateUrl(template: string, variables: ScriptVariables): string {
  return template.replace(PLACEHOLDER, (_, name: string, offset: number) =>
    offset === 0 ? render(variables[name]) : encodeURIComponent(render(variables[name])),
  );
}

/** Interpolates every string in a JSON value; a string that is one placeholder keeps the value's type. */
export function interpolateJson(value: unknown, variables: ScriptVariables): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(value);
    return whole ? (variables[whole[1]] ?? null) : interpolate(value, variables);
  }
  if (Array.isArray(value)) return value.map((item) => interpolateJson(item, variables));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateJson(v, variables)]));
  }
  return value;
}

/** Unbalanced braces are the only template error worth catching at save time. */
export function templateProblem(template: string): string | null {
  const stripped = template.replace(PLACEHOLDER, '');
  return stripped.includes('{{') || stripped.includes('}}') ? `malformed placeholder in ${JSON.stringify(template)}` : null;
}

/** Reads a dotted path ("order.items.0.name") from parsed JSON. */
export function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.').filter((k) => k !== '')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Scalars are kept; objects and arrays are stored as JSON text so state stays flat. */
export function toScriptValue(value: unknown): ScriptValue {
  if (value === undefined) return null;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

function render(value: ScriptValue | undefined): string {
  return value === undefined || value === null ? '' : String(value);
}
