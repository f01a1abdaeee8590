import { normalizeRequiredSkills } from '@switchboard/core';
import type { ScriptEffect, ScriptResult, ScriptUpdates } from '@switchboard/core';
import type { ConversationRow } from '../db/schema.ts';
import type { Tx } from '../platform/tx.ts';
import { recordConversationEvent } from '../conversations/conversation-history.ts';
import { handoffConversation } from '../conversations/handoff.ts';
import { tagAutomatically } from '../agent-tools/tags.ts';
import { refreshDeadline, requireRouting, type PlanScope } from './plan-scope.ts';
import { BOT, moveAutomated, saveBotState, say } from './bot-actions.ts';
import type { ScriptRun } from './plan.ts';

/** A process that died mid-call leaves the script awaiting HTTP; the inactivity task resumes it after this grace. */
export const HTTP_RESUME_GRACE_MS = 5_000;

/** Carries out one interpreter call: messages, the step history, `set` updates, the stored state and the effect. */
export async function applyScriptRun(scope: PlanScope, conv: ConversationRow, run: ScriptRun): Promise<string | null> {
  const { deps, tx } = scope;
  const { result } = run;
  if (run.started && conv.status !== 'script') conv = await moveAutomated(tx, conv, 'script', 'script_started', BOT);
  for (const output of result.outputs) await say(deps, tx, conv, output);
  await recordScriptTurn(tx, conv, result);
  conv = await persistUpdates(tx, conv, result.updates);
  await saveBotState(tx, conv, { script_state: result.state });
  return applyEffect(scope, conv, result.effect);
}

async function applyEffect(scope: PlanScope, conv: ConversationRow, effect: ScriptEffect | undefined): Promise<string | null> {
  const { tx } = scope;
  if (!effect) {
    await refreshDeadline(scope, conv);
    return conv.status;
  }
  switch (effect.type) {
    case 'http_request':
      // The call runs after COMMIT, outside any transaction: no lock is held during the network round trip.
      await saveBotState(tx, conv, { bot_deadline: tx.now + effect.timeoutMs + HTTP_RESUME_GRACE_MS });
      tx.onCommit(() => scope.launchHttp(conv, effect));
      return conv.status;
    case 'handoff': {
      const skills = effect.skills.length > 0 ? effect.skills : undefined;
      await handoffConversation(tx, requireRouting(scope), conv, { skills, priority: effect.priority, reason: 'script_handoff', actor: BOT, ids: scope.deps.ids });
      return null;
    }
    case 'end':
      if (effect.outcome === 'resolved') return (await moveAutomated(tx, conv, 'completed', 'script_resolved', BOT)).status;
      conv = await moveAutomated(tx, conv, 'bot', 'script_ended', BOT);
      await refreshDeadline(scope, conv);
      return conv.status;
    default:
      return assertNever(effect);
  }
}

/** One history row per interpreter call: the steps it went through, so a supervisor can follow the script. */
async function recordScriptTurn(tx: Tx, conv: ConversationRow, result: ScriptResult) {
  const { state, effect, events } = result;
  await recordConversationEvent(tx, conv.workspace_id, conv.id, 'script_step', effect?.type ?? state.status, BOT, {
    scriptId: state.scriptId,
    version: state.version,
    step: state.stepId,
    status: state.status,
    events: events.map((e) => ({ step: e.step, type: e.type, ...(e.data && { data: e.data }) })),
  });
}

/** `set` steps: routing hints go on the conversation (a later handoff uses them), attributes onto the contact. */
async function persistUpdates(tx: Tx, conv: ConversationRow, updates: ScriptUpdates | undefined): Promise<ConversationRow> {
  if (!updates) return conv;
  const skills = updates.skills ? normalizeRequiredSkills(updates.skills) : undefined;
  if (skills || updates.priority !== undefined) {
    await tx.db
      .updateTable('conversations')
      .set({ ...(skills && { skills: JSON.stringify(skills) }), ...(updates.priority !== undefined && { priority: updates.priority }) })
      .where('id', '=', conv.id)
      .execute();
  }
  if (updates.attributes && Object.keys(updates.attributes).length > 0) {
    const contact = await tx.db.selectFrom('contacts').select('attributes').where('id', '=', conv.contact_id).forUpdate().executeTakeFirstOrThrow();
    const attributes = { ...contact.attributes, ...updates.attributes };
    await tx.db.updateTable('contacts').set({ attributes: JSON.stringify(attributes) }).where('id', '=', conv.contact_id).execute();
  }
  // Agent tools: a `set` step's service-reason tags.
  if (updates.tags?.length) await tagAutomatically(tx, conv, updates.tags, 'script');
  return { ...conv, ...(skills && { skills }), ...(updates.priority !== undefined && { priority: updates.priority }) };
}

function assertNever(value: never): never {
  throw new Error(`unexpected effect ${JSON.stringify(value)}`);
}
