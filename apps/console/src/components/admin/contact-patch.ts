import type { Contact, ContactPatch } from '../../lib/types.ts';

export interface AttributeRow {
  key: string;
  value: string;
}

export interface ContactDraft {
  name: string;
  attributes: AttributeRow[];
}

/** How an attribute's value reads: text as it is, anything else (a script may store numbers, lists) as JSON. */
export const attributeText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

export const toDraft = (contact: Contact): ContactDraft => ({
  name: contact.name ?? '',
  attributes: Object.entries(contact.attributes).map(([key, value]) => ({ key, value: attributeText(value) })),
});

/**
 * The PATCH that turns `contact` into `draft`, or null when nothing changed.
 * The server merges attributes key by key, so only changed and new keys are
 * sent, and a key that is gone (removed, or renamed) is sent as null.
 */
export function contactPatch(contact: Contact, draft: ContactDraft): ContactPatch | null {
  const body: ContactPatch = {};
  const name = draft.name.trim() || null;
  if (name !== contact.name) body.name = name;
  const attributes = attributesPatch(contact.attributes, draft.attributes);
  if (Object.keys(attributes).length > 0) body.attributes = attributes;
  return body.name === undefined && body.attributes === undefined ? null : body;
}

function attributesPatch(stored: Record<string, unknown>, rows: AttributeRow[]) {
  const patch: Record<string, unknown> = {};
  const kept = new Set<string>();
  for (const row of rows) {
    const key = row.key.trim();
    if (!key) continue;
    kept.add(key);
    const previous = Object.hasOwn(stored, key) ? stored[key] : undefined;
    if (previous !== undefined && attributeText(previous) === row.value) continue;
    patch[key] = typedLike(previous, row.value);
  }
  for (const key of Object.keys(stored)) if (!kept.has(key)) patch[key] = null;
  return patch;
}

/** A value that was not text stays JSON when what was typed parses (a number stays a number); the rest is text. */
function typedLike(previous: unknown, text: string): unknown {
  if (previous === undefined || typeof previous === 'string') return text;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed === null ? text : parsed;
  } catch {
    return text;
  }
}
