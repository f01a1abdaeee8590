import { DomainError } from '@switchboard/core';
import type { Deps } from '../platform/deps.ts';
import { canSupervise, type Principal } from '../platform/principal.ts';
import { getSecuritySettings } from '../security/settings.ts';

/** The queues every agent works from (SPEC §7): anyone may look before taking one. */
const QUEUE_STATUSES = ['waiting', 'dispatching'];

interface Visible {
  status: string;
  assignee_id: string | null;
  offer_agent_id: string | null;
}

/** An agent's own conversation (assigned or offered to it) or one in the queues; the stream draws the same line, and lists the same as SQL (list-filters.ts). */
export const isOwnOrQueued = (p: Principal, c: Visible) =>
  QUEUE_STATUSES.includes(c.status) || (p.agentId !== null && (c.assignee_id === p.agentId || c.offer_agent_id === p.agentId));

/** Agents see other agents' conversations only when the workspace allows it (`agentsSeeAllTranscripts`). */
export async function agentSeesAll(deps: Deps, p: Principal): Promise<boolean> {
  if (canSupervise(p)) return true;
  return (await getSecuritySettings(deps.db, p.workspaceId)).agentsSeeAllTranscripts;
}

export async function assertMayRead(deps: Deps, p: Principal, c: Visible & { id: string }) {
  if (isOwnOrQueued(p, c) || (await agentSeesAll(deps, p))) return;
  throw new DomainError('FORBIDDEN', `conversation ${c.id} belongs to another agent; this workspace does not let agents read other agents' conversations`);
}
