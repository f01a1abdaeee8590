import type { HttpResult } from '@switchboard/core';
import type { ConversationRow } from '../db/schema.ts';
import { transact, type Deps } from '../platform/deps.ts';
import { getChannelRow } from '../channels/channels.ts';
import { lockConversation } from '../conversations/conversation-store.ts';
import { RetryTransaction } from '../platform/tx.ts';
import { applyPlan } from './apply-plan.ts';
import { lazyBotContext } from './bot-context.ts';
import { planNeedsRouting, planScriptInput } from './plan.ts';
import { changedForBot, type HttpRequestEffect, type PlanScope } from './plan-scope.ts';
import { botRuntime } from './runtime.ts';
import { performHttpRequest } from './script-http.ts';

/**
 * A script's http step, after the transaction that reached it committed: call
 * out with no lock held, then resume in a new transaction. The stored state
 * guards the resume (still in `script`, still awaiting HTTP at this step of
 * this version), so a handoff meanwhile, a second process resuming a stale
 * call, or a duplicate result changes nothing.
 */
export function launchScriptHttp(deps: Deps, conv: ConversationRow, effect: HttpRequestEffect): void {
  const work = (async () => {
    const result = await performHttpRequest(deps.outbound, effect);
    await resumeScript(deps, conv.workspace_id, conv.id, { ...result, step: effect.step });
  })();
  botRuntime(deps).track(work.catch((err) => deps.log.error({ err, conversationId: conv.id }, 'script http step failed')));
}

export function planScope(deps: Deps, scope: Omit<PlanScope, 'deps' | 'launchHttp'>): PlanScope {
  return { deps, ...scope, launchHttp: (conv, effect) => launchScriptHttp(deps, conv, effect) };
}

export async function resumeScript(deps: Deps, workspaceId: string, conversationId: string, input: HttpResult): Promise<boolean> {
  return transact(deps, async (tx) => {
    const seen = await tx.db.selectFrom('conversations').selectAll().where('id', '=', conversationId).where('workspace_id', '=', workspaceId).executeTakeFirst();
    if (!seen || !awaitsHttp(seen, input.step)) return false;
    const channel = await getChannelRow(tx, workspaceId, seen.channel_id);
    const ctx = lazyBotContext(deps, tx, channel);
    const plan = await planScriptInput(await ctx(), seen, input);
    // Same lock order as inbound: the routing lock (only if the script hands off) before the row.
    const routing = planNeedsRouting(plan) ? await deps.routing.begin(tx, workspaceId) : null;
    const conv = await lockConversation(tx, workspaceId, conversationId);
    if (changedForBot(seen, conv)) throw new RetryTransaction('script state changed while calling out');
    await applyPlan(planScope(deps, { tx, routing, channel, ctx }), conv, plan);
    return true;
  });
}

function awaitsHttp(conv: ConversationRow, step: string | undefined): boolean {
  const state = conv.script_state as { status?: string; stepId?: string } | null;
  return conv.status === 'script' && state?.status === 'awaiting_http' && (step === undefined || state.stepId === step);
}
