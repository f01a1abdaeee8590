import type { QueueStanding } from '@switchboard/protocol';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { StreamEvent } from '../platform/stream-event.ts';
import { Member } from './member.ts';
import { OrderedFeed } from './ordered-feed.ts';
import { PositionTracker } from './queue-positions.ts';
import type { StreamLog } from './stream-log.ts';

/** A web-chat visitor's socket as the room sees it: whose it is and which conversations it follows. */
export abstract class VisitorMember extends Member {
  abstract contactId: string;
  abstract readonly channelId: string;
  /** Conversation id → status, loaded once at connect and then kept from the events. */
  abstract readonly conversations: Map<string, string>;
  abstract showPositions(standings: Map<string, QueueStanding>): void;
}

/** Events after which a waiting visitor's standing may differ (R12, live in the widget). */
const MOVES_QUEUE = new Set(['conversation.status_changed', 'conversation.created', 'agent.presence_changed', 'conversation.requirements_relaxed']);

const add = <K, V>(index: Map<K, Set<V>>, key: K, value: V) => {
  const set = index.get(key);
  if (set) set.add(value);
  else index.set(key, new Set([value]));
};
const remove = <K, V>(index: Map<K, Set<V>>, key: K, value: V) => {
  const set = index.get(key);
  set?.delete(value);
  if (set?.size === 0) index.delete(key);
};

/**
 * One workspace's sockets in this process. Agent sockets see the workspace's
 * events (each filters what it may see, in memory). Visitor sockets are found
 * through an index by conversation id and contact id, kept from the events
 * themselves, whichever process raised them: an event costs no query per
 * socket, and queue positions cost one query per burst for all visitors.
 */
export class Room {
  readonly feed: OrderedFeed;
  readonly agents = new Set<Member>();
  readonly visitors = new Set<VisitorMember>();
  private readonly byConversation = new Map<string, Set<VisitorMember>>();
  private readonly byContact = new Map<string, Set<VisitorMember>>();
  private readonly positions: PositionTracker;

  constructor(db: Database, log: StreamLog, logger: Logger, workspaceId: string, now: () => number = Date.now) {
    this.feed = new OrderedFeed(workspaceId, log, logger, (e) => this.dispatch(e));
    this.positions = new PositionTracker(db, logger, workspaceId, () => this.waitingIds(), (p) => this.showPositions(p), now);
  }

  get size() {
    return this.agents.size + this.visitors.size;
  }

  addVisitor(v: VisitorMember) {
    this.visitors.add(v);
    add(this.byContact, v.contactId, v);
    for (const id of v.conversations.keys()) add(this.byConversation, id, v);
    if ([...v.conversations.values()].includes('waiting')) void this.positions.request();
  }

  removeVisitor(v: VisitorMember) {
    this.visitors.delete(v);
    remove(this.byContact, v.contactId, v);
    for (const id of v.conversations.keys()) remove(this.byConversation, id, v);
  }

  private dispatch(e: StreamEvent) {
    for (const agent of this.agents) agent.push(e);
    if (this.visitors.size === 0) return;
    const d = e.data as Record<string, unknown>;
    if (e.type === 'contact.merged') this.moveContact(String(d.mergedId), String(d.id));
    if (e.type === 'conversation.created') this.adopt(String(d.id), String(d.contactId), String(d.channelId), String(d.status));
    const followers = e.conversationId === undefined ? undefined : this.byConversation.get(e.conversationId);
    if (followers && e.type === 'conversation.status_changed') for (const v of followers) v.conversations.set(e.conversationId!, String(d.to));
    if (followers) for (const v of followers) v.push(e);
    // Anyone's status change can move a waiting visitor in the queue; presence and relaxation change the estimate.
    if (MOVES_QUEUE.has(e.type) && this.hasWaiting()) void this.positions.request();
  }

  private adopt(conversationId: string, contactId: string, channelId: string, status: string) {
    for (const v of this.byContact.get(contactId) ?? []) {
      // This channel's conversations only: a merged contact's LINE or mail conversations stay off the web page.
      if (v.channelId !== channelId) continue;
      v.conversations.set(conversationId, status);
      add(this.byConversation, conversationId, v);
    }
  }

  // A merge moves the visitor's session to the contact it was merged into.
  private moveContact(from: string, to: string) {
    for (const v of [...(this.byContact.get(from) ?? [])]) {
      remove(this.byContact, from, v);
      v.contactId = to;
      add(this.byContact, to, v);
    }
  }

  private hasWaiting() {
    for (const v of this.visitors) for (const status of v.conversations.values()) if (status === 'waiting') return true;
    return false;
  }

  private waitingIds() {
    const ids: string[] = [];
    for (const v of this.visitors) for (const [id, status] of v.conversations) if (status === 'waiting') ids.push(id);
    return ids;
  }

  private showPositions(positions: Map<string, QueueStanding>) {
    for (const v of this.visitors) v.showPositions(positions);
  }
}
