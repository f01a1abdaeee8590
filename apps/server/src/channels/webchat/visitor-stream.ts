import type { QueueStanding } from '@switchboard/protocol';
import type { WebSocket } from 'ws';
import type { Deps } from '../../platform/deps.ts';
import { sendFrame } from '../../platform/corked-send.ts';
import type { StreamEvent } from '../../platform/stream-event.ts';
import { frameOf } from '../../streams/member.ts';
import { VisitorMember } from '../../streams/room.ts';
import { visitorMessage, type VisitorSession } from './sessions.ts';
import { presentFiles } from '../../attachments/message-files.ts';

type Frame = { type: string; data: Record<string, unknown> };

/** Bus event → what the visitor may see of it, or nothing. Customer-side typing is never echoed back. */
function toVisitorFrame(e: StreamEvent, agentName: string | null, deps: Deps | undefined): Frame | undefined {
  const d = e.data as Record<string, any>;
  switch (e.type) {
    case 'message.created': {
      // An internal note's event carries no conversationId and never gets here; if one ever did, it stops here.
      if (d.private === true) return undefined;
      const attachments = deps ? presentFiles(deps, d.attachments ?? []) : [];
      const m = { id: d.id, sender: d.sender, text: d.text, attachments, created_at: Date.parse(d.createdAt), agent_name: agentName };
      return { type: e.type, data: { conversationId: d.conversationId, ...visitorMessage(m) } };
    }
    case 'conversation.created':
    case 'conversation.status_changed':
      return { type: e.type, data: d };
    case 'csat.recorded':
      return { type: e.type, data: { conversationId: d.conversationId, rating: d.rating } };
    case 'typing':
      return d.who === 'agent' ? { type: 'typing', data: { conversationId: d.conversationId, who: 'agent' } } : undefined;
    default:
      return undefined;
  }
}

/**
 * One visitor's WebSocket: their conversations' messages and status changes,
 * and their queue position whenever it changes. It is found by the room's
 * index (conversation and contact ids), so nobody else's event costs it
 * anything; positions are computed once per burst for the whole room.
 */
export class VisitorStream extends VisitorMember {
  contactId: string;
  readonly channelId: string;
  readonly conversations = new Map<string, string>();
  /** The standing last sent per conversation, as JSON: a frame only when something the visitor sees changed. */
  private readonly positions = new Map<string, string>();
  private deps: Deps | undefined;
  /** Frames leave in room order even when one waits for an agent's name. */
  private outgoing: Promise<void> = Promise.resolve();
  private agentNames = new Map<string, Promise<string | null>>();

  constructor(
    private readonly session: VisitorSession,
    private readonly socket: WebSocket,
  ) {
    super();
    this.contactId = session.contactId;
    this.channelId = session.channelId;
  }

  /** Joins the workspace's room, from `after` when the widget reconnects; returns how to leave. */
  async start(deps: Deps, after: number | undefined): Promise<() => void> {
    this.deps = deps;
    // This channel's conversations only: a contact merged with another person's
    // identities elsewhere (LINE, email…) must not show those on the web page.
    const rows = await deps.db
      .selectFrom('conversations')
      .select(['id', 'status'])
      .where('contact_id', '=', this.session.contactId)
      .where('channel_id', '=', this.session.channelId)
      .execute();
    for (const r of rows) this.conversations.set(r.id, r.status);
    const joined = await deps.bus.join(this.session.workspaceId, this, after, this);
    return joined.leave;
  }

  greet(cursor: number, reset: boolean): void {
    this.send(frameOf('hello', { channelId: this.channelId, contactId: this.contactId, cursor, ...(reset ? { reset: true } : {}) }, undefined));
  }

  showPositions(standings: Map<string, QueueStanding>): void {
    for (const [id, status] of this.conversations) {
      const standing = standings.get(id);
      if (status !== 'waiting' || standing === undefined) {
        this.positions.delete(id);
        continue;
      }
      const seen = JSON.stringify(standing);
      if (this.positions.get(id) === seen) continue;
      this.positions.set(id, seen);
      this.send(frameOf('queue.position', { conversationId: id, ...standing }, undefined));
    }
  }

  protected deliver(e: StreamEvent): void {
    const agentId = e.type === 'message.created' && e.data.sender === 'agent' ? e.data.agentId : null;
    const name = typeof agentId === 'string' ? this.agentName(agentId) : Promise.resolve(null);
    this.outgoing = this.outgoing
      .then(async () => {
        const frame = toVisitorFrame(e, await name, this.deps);
        if (frame) this.send(frameOf(frame.type, frame.data, e.cursor));
      })
      .catch((error: unknown) => this.deps?.log.warn({ err: error }, 'visitor frame failed'));
  }

  /** Agents' names, once per stream: a conversation's replies come from one or two people. */
  private agentName(id: string): Promise<string | null> {
    let name = this.agentNames.get(id);
    if (!name && this.deps) {
      const query = this.deps.db.selectFrom('agents').select('name').where('id', '=', id).executeTakeFirst();
      name = query.then((row) => row?.name ?? null);
      this.agentNames.set(id, name);
    }
    return name ?? Promise.resolve(null);
  }

  private send(text: string) {
    sendFrame(this.socket, text);
  }
}
