import type { KeywordMatcher, KnowledgeIndex, PatternEngine, ScriptDefinition, ScriptVariables } from '@switchboard/core';
import type { Kysely } from 'kysely';
import type { ChannelRow, DB } from '../db/schema.ts';
import type { Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import { botRuntime } from './runtime.ts';
import type { SemanticOptions } from './semantic.ts';
import { lexiconChangesOf, type BotSettings } from './settings.ts';
import { readBotState, type BotState } from './versions.ts';

/** Everything the planner reads for one message, from the caches (checked against stored versions). */
export interface BotContext {
  channel: ChannelRow;
  settings: BotSettings;
  matcher: KeywordMatcher;
  knowledge: KnowledgeIndex;
  /** Runs script ask patterns and `matches` conditions. */
  patterns: PatternEngine;
  /** Initial variables of a new script run. */
  scriptVariables: ScriptVariables;
  /** The optional semantic layer, consulted only when the lexical best is below the threshold. */
  semantic?: SemanticOptions;
  latestScript(scriptId: string): Promise<ScriptDefinition | null>;
  scriptVersion(scriptId: string, version: number): Promise<ScriptDefinition | null>;
}

export async function loadBotContext(deps: Deps, tx: Tx, channel: ChannelRow): Promise<BotContext> {
  return botContextAt(deps, tx.db, channel, await readBotState(tx.db, channel.workspace_id));
}

/** The context for a bot state already read (settings and cache versions); `db` is where a stale cache reloads from. */
export async function botContextAt(deps: Deps, db: Kysely<DB>, channel: ChannelRow, state: BotState): Promise<BotContext> {
  const runtime = botRuntime(deps);
  const ws = channel.workspace_id;
  // One after the other: both may query, and a transaction is one connection.
  const matcher = await runtime.rules.get(db, ws, channel.id, state.rulesVersion);
  const knowledge = await runtime.knowledge.get(db, ws, state.kbVersion, lexiconChangesOf(state.settings));
  return {
    channel,
    settings: state.settings,
    matcher,
    knowledge,
    patterns: deps.patterns,
    semantic: runtime.semantic,
    scriptVariables: { ...(runtime.baseUrl && { baseUrl: runtime.baseUrl }), ...state.settings.scriptVariables },
    latestScript: (id) => runtime.scripts.latest(db, ws, id),
    scriptVersion: (id, v) => runtime.scripts.version(db, ws, id, v),
  };
}

/** Loads the context at most once per unit of work, and only if a message needs the bot. */
export function lazyBotContext(deps: Deps, tx: Tx, channel: ChannelRow): () => Promise<BotContext> {
  let loaded: Promise<BotContext> | undefined;
  return () => (loaded ??= loadBotContext(deps, tx, channel));
}
