import type { ConversationRow } from '../db/schema.ts';
import { handoffConversation, leaveRouting } from '../conversations/handoff.ts';
import { BOT, CUSTOMER, moveAutomated, recordDecision, say } from './bot-actions.ts';
import type { BotPlan } from './plan.ts';
import { refreshDeadline, requireRouting, type PlanScope } from './plan-scope.ts';
import { applyScriptRun } from './script-turn.ts';
import { knowledgeSignals } from './knowledge-signals.ts';
import { tagAutomatically } from '../agent-tools/tags.ts';

/** Carries a plan out under the conversation's row lock. Returns the status it ends in, or null when routing decided it. */
export async function applyPlan(scope: PlanScope, conv: ConversationRow, plan: BotPlan): Promise<string | null> {
  const { deps, tx } = scope;
  tx.onCommit(() => knowledgeSignals(deps).note(conv.workspace_id, conv.id, plan, tx.now));
  // A keyword rule may set service-reason tags (agent tools), whatever else it does.
  const decision = 'decision' in plan ? plan.decision : undefined;
  if (decision?.cause === 'keyword_rule' && decision.tags?.length) await tagAutomatically(tx, conv, decision.tags, 'rule');
  switch (plan.type) {
    case 'silent':
      if (conv.status === 'bot' || conv.status === 'script') await refreshDeadline(scope, conv);
      return conv.status;
    case 'route': {
      if (plan.reply) await say(deps, tx, conv, plan.reply);
      if (plan.decision.cause !== 'handoff_keyword' && plan.decision.cause !== 'channel_without_bot') await recordDecision(tx, conv, plan.decision);
      const actor = plan.decision.cause === 'keyword_rule' ? BOT : CUSTOMER;
      const opts = { skills: plan.skills, priority: plan.priority, reason: plan.decision.cause, actor, ids: deps.ids };
      const routing = await handoffConversation(tx, requireRouting(scope), conv, opts);
      // The engine has just decided where it is: no need to read it back (none: routed after COMMIT, or declined).
      return routing?.engine.conversation(conv.id)?.status ?? null;
    }
    case 'return_to_bot':
      await leaveRouting(tx, requireRouting(scope), conv, 'bot', 'return_keyword', CUSTOMER);
      await refreshDeadline(scope, conv);
      return 'bot';
    case 'reply':
      if (plan.text) await say(deps, tx, conv, { type: 'message', text: plan.text, buttons: plan.buttons });
      await recordDecision(tx, conv, plan.decision);
      if (plan.close) return (await moveAutomated(tx, conv, 'completed', 'keyword_close', BOT)).status;
      await refreshDeadline(scope, conv);
      return conv.status;
    case 'script':
      if (plan.reply) await say(deps, tx, conv, plan.reply);
      if (plan.decision) await recordDecision(tx, conv, plan.decision);
      return applyScriptRun(scope, conv, plan.run);
    default:
      return assertNever(plan);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected plan ${JSON.stringify(value)}`);
}
