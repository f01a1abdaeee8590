import { DEFAULT_KB_THRESHOLD, type LexiconChanges } from '@switchboard/core';

/** Workspace bot settings, stored as JSON in workspaces.bot_settings; missing fields take these defaults. */
export interface BotSettings {
  /** Knowledge answers need at least this score (0..1). */
  kbThreshold: number;
  /** Said when nothing matches; it should offer a person. */
  fallbackText: string;
  /** A conversation in bot (or script) completes after this long without a customer message. */
  inactivityMinutes: number;
  /** Initial variables of every script run (e.g. baseUrl for http steps). */
  scriptVariables: Record<string, string>;
  /** Knowledge-base synonym groups added to the seed list (first member canonical). */
  kbSynonyms: string[][];
  /**
   * Changes to the seed list of other businesses (docs/bot.md, "Other
   * businesses"): `add` names more (a question naming one is answered only by
   * an article holding it), `remove` takes seed entries off (a gym's own help desk removes gym).
   */
  kbOtherBusinesses: { add: string[]; remove: string[] };
}

export const DEFAULT_FALLBACK_TEXT =
  '抱歉，我找不到這個問題的答案。輸入「人工」可轉接真人客服。Sorry, I do not have an answer to that. Type "agent" to talk to a person.';

export const DEFAULT_BOT_SETTINGS: BotSettings = {
  kbThreshold: DEFAULT_KB_THRESHOLD,
  fallbackText: DEFAULT_FALLBACK_TEXT,
  inactivityMinutes: 30,
  scriptVariables: {},
  kbSynonyms: [],
  kbOtherBusinesses: { add: [], remove: [] },
};

export function botSettingsFrom(raw: Record<string, unknown> | null | undefined): BotSettings {
  const s = raw ?? {};
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  const vars = s.scriptVariables && typeof s.scriptVariables === 'object' ? (s.scriptVariables as Record<string, string>) : {};
  return {
    kbThreshold: num(s.kbThreshold, DEFAULT_BOT_SETTINGS.kbThreshold),
    fallbackText: typeof s.fallbackText === 'string' ? s.fallbackText : DEFAULT_BOT_SETTINGS.fallbackText,
    inactivityMinutes: num(s.inactivityMinutes, DEFAULT_BOT_SETTINGS.inactivityMinutes),
    scriptVariables: { ...vars },
    kbSynonyms: synonymGroups(s.kbSynonyms),
    kbOtherBusinesses: otherBusinesses(s.kbOtherBusinesses),
  };
}

/** What the knowledge index's lexicon takes from the settings. */
export function lexiconChangesOf(settings: BotSettings): LexiconChanges {
  return { synonyms: settings.kbSynonyms, otherBusinesses: settings.kbOtherBusinesses.add, ownBusinesses: settings.kbOtherBusinesses.remove };
}

function otherBusinesses(raw: unknown): { add: string[]; remove: string[] } {
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const words = (v: unknown) => (Array.isArray(v) ? v.filter((w): w is string => typeof w === 'string') : []);
  return { add: words(o.add), remove: words(o.remove) };
}

function synonymGroups(raw: unknown): string[][] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((g): g is string[] => Array.isArray(g) && g.length >= 2 && g.every((m) => typeof m === 'string'));
}

export const inactivityMs = (settings: BotSettings) => settings.inactivityMinutes * 60_000;
