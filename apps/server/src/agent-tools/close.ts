import { DomainError } from '@switchboard/core';
import type { ConversationRow } from '../db/schema.ts';
import type { Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import { actorOf, type Principal } from '../platform/principal.ts';
import type { RoutingSession } from '../routing/routing-service.ts';
import { applyTags, resolveTags } from './tags.ts';
import { askForRatings } from './csat.ts';
import { agentToolsFrom } from './settings.ts';
import { startWrapUp } from './wrap-up.ts';

/**
 * Around an agent's close: the service-reason tags (required when the
 * workspace says so), the wrap-up hold taken before routing frees the seat,
 * then the satisfaction survey once the conversation is completed.
 */
export async function closeWithAgentTools(
  tx: Tx,
  deps: Pick<Deps, 'ids'>,
  routing: RoutingSession,
  p: Principal,
  conv: ConversationRow,
  tagRefs: string[] | undefined,
  close: () => Promise<void>,
) {
  const byAgent = conv.status === 'processing';
  const settings = agentToolsFrom(routing.agentTools);
  const tags = await resolveTags(tx, conv.workspace_id, tagRefs ?? []);
  if (byAgent && settings.tagsRequiredAtClose && tags.length === 0) {
    const already = await tx.db.selectFrom('conversation_tags').select('tag_id').where('conversation_id', '=', conv.id).executeTakeFirst();
    if (!already) throw new DomainError('TAGS_REQUIRED', 'this workspace asks for at least one service-reason tag at close (GET /tags)');
  }
  if (tagRefs !== undefined) await applyTags(tx, conv, tags, 'agent', actorOf(p), true);
  if (byAgent) await startWrapUp(tx, routing, conv, settings.wrapUpSeconds);
  await close();
  if (byAgent) await askForRatings(tx, deps, [conv.id], settings.csat);
}
