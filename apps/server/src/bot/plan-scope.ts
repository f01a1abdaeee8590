import type { ChannelRow, ConversationRow } from '../db/schema.ts';
import type { Deps } from '../platform/deps.ts';
import type { RoutingSession } from '../routing/routing-service.ts';
import type { Tx } from '../platform/tx.ts';
import type { DeferredRouting, RoutingHandle } from '../conversations/handoff.ts';
import { saveBotState } from './bot-actions.ts';
import type { ScriptEffect } from '@switchboard/core';
import type { BotContext } from './bot-context.ts';
import { inactivityMs } from './settings.ts';

export interface PlanScope {
  deps: Deps;
  tx: Tx;
  /** Present when the plan routes (planNeedsRouting): taken before the conversation row. */
  routing: RoutingSession | null;
  /** For a conversation this unit of work created: begins routing when a handoff needs it, after the conversation's own writes. */
  beginRouting?: () => Promise<RoutingSession>;
  /** A new conversation's or the bot's hand-off is stored pending and routed after COMMIT, in the routing group commit (decision 0024). */
  deferRouting?: DeferredRouting;
  channel: ChannelRow;
  ctx: () => Promise<BotContext>;
  /** Starts a script's HTTP call once the transaction has committed. */
  launchHttp(conv: ConversationRow, effect: HttpRequestEffect): void;
}

export type HttpRequestEffect = Extract<ScriptEffect, { type: 'http_request' }>;

/** Did the conversation change, as far as the bot's plan is concerned, between reading it and locking it? */
export function changedForBot(seen: ConversationRow, locked: ConversationRow): boolean {
  return seen.status !== locked.status || JSON.stringify(seen.script_state) !== JSON.stringify(locked.script_state);
}

/** Bot inactivity (R9): the customer has `inactivityMinutes` from now before the conversation completes. */
export async function refreshDeadline(scope: PlanScope, conv: ConversationRow) {
  const { settings } = await scope.ctx();
  await saveBotState(scope.tx, conv, { bot_deadline: scope.tx.now + inactivityMs(settings) });
}

export function requireRouting(scope: PlanScope): RoutingHandle {
  // The planner said this message routes, so the caller must have taken the lock first (lock order),
  // unless the conversation is new to this unit of work: nobody else can be holding it.
  const handle = scope.routing ?? scope.deferRouting ?? scope.beginRouting;
  if (!handle) throw new Error('routing plan applied without the routing lock');
  return handle;
}

