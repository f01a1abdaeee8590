import type { RoutingDecision, RoutingSettings } from './types.ts';
import { OrderedSet } from './ordered-set.ts';
import {
  byExpiry,
  byQueue,
  byRelaxAt,
  createGroup,
  groupKeyOf,
  type AgentRecord,
  type ConversationRecord,
  type RequirementGroup,
} from './model.ts';

/**
 * Everything the engine knows, with the indexes that keep every routing step
 * at O(groups × log n). Counters are maintained by the placement and
 * agent-index functions, never recomputed by scanning.
 */
export class RoutingState {
  settings: RoutingSettings;
  /** The `now` of the event being applied. */
  now = 0;
  /** Decisions of the event being applied, in the order they happened. */
  decisions: RoutingDecision[] = [];
  readonly agents = new Map<string, AgentRecord>();
  readonly conversations = new Map<string, ConversationRecord>();
  readonly groups = new Map<string, RequirementGroup>();
  /** Every dispatching conversation without a pending offer, across groups (R5 swap, R6). */
  readonly free = new OrderedSet<ConversationRecord>(byQueue);
  /** Every dispatching conversation with a pending offer (R6). */
  readonly offered = new OrderedSet<ConversationRecord>(byQueue);
  /** Pending offers by expiry, for `tick` and `nextDeadline`. */
  readonly expiries = new OrderedSet<ConversationRecord>(byExpiry);
  /** Waiting or offer-less dispatching conversations with a pending R10 deadline, by relaxAt. */
  readonly relaxDue = new OrderedSet<ConversationRecord>(byRelaxAt);
  /** Sum of the groups' relaxWhenNoneOnline sizes: settle skips the group scan when 0. */
  relaxWhenNoneOnlineCount = 0;
  waitingCount = 0;
  readyAgents = 0;
  /** Ready agents with spare capacity (R3's precondition). */
  availableAgents = 0;
  /** Called when a group is created, so attached agents can be indexed in it. */
  onGroupCreated: (group: RequirementGroup) => void = () => {};

  constructor(settings: RoutingSettings) {
    this.settings = { ...settings };
  }

  get dispatching(): number {
    return this.free.size + this.offered.size;
  }

  /** R1: L = k × R. */
  get limit(): number {
    return this.settings.dispatchPerAgent * this.readyAgents;
  }

  emit(decision: RoutingDecision): void {
    this.decisions.push(decision);
  }

  /**
   * Groups are kept once created, even when empty: re-creating one costs a
   * pass over all agents, and the number of distinct requirement sets in a
   * workspace is small.
   */
  group(skills: string[]): RequirementGroup {
    const key = groupKeyOf(skills);
    let group = this.groups.get(key);
    if (!group) {
      group = createGroup(skills);
      this.groups.set(key, group);
      this.onGroupCreated(group);
    }
    return group;
  }
}
