/**
 * Canned-response placeholders (docs/agent-tools.md): `{{contact.name}}`,
 * `{{agent.name}}`, `{{contact.<attribute>}}`, and `{{?Prompt}}` that the agent
 * answers before sending. Unknown or empty values render as nothing; text
 * outside the braces is left exactly as written.
 */
const PLACEHOLDER = /\{\{\s*(\?)?\s*([^{}]{1,80}?)\s*\}\}/gu;

/** The `{{?prompt}}` questions of a text, once each, in order of appearance. */
export function promptsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) if (m[1] && !out.includes(m[2]!)) out.push(m[2]!);
  return out;
}

export interface PlaceholderValues {
  contact: Record<string, unknown>;
  agent: Record<string, unknown>;
  answers?: Record<string, string>;
}

/** Fills every placeholder; `missing` lists the prompts with no answer (the caller asks the agent). */
export function renderPlaceholders(text: string, values: PlaceholderValues): { text: string; missing: string[] } {
  const missing: string[] = [];
  const rendered = text.replace(PLACEHOLDER, (_whole, prompt: string | undefined, key: string) => {
    if (prompt) {
      const answer = values.answers?.[key];
      if (answer === undefined) {
        if (!missing.includes(key)) missing.push(key);
        return '';
      }
      return answer;
    }
    const [scope, ...path] = key.split('.');
    const source = scope === 'contact' ? values.contact : scope === 'agent' ? values.agent : undefined;
    const value = source && path.length > 0 ? source[path.join('.')] : undefined;
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  });
  return { text: rendered, missing };
}
