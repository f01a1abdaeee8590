import type { WebSocket } from 'ws';
import type { Deps } from '../../platform/deps.ts';
import type { StreamEvent } from '../../platform/stream-event.ts';
import { queuePosition } from '../../conversations/conversation-queries.ts';
import { currentConversation, visitorMessage, type VisitorSession } from './sessions.ts';

type Frame = { type: string; data: Record<string, unknown> };

/** Bus event → what the visitor may see of it, or nothing. Customer-side typing is never echoed back. */
function toVisitorFrame(e: StreamEvent, agentName: string | null): Frame | undefined {
  const d = e.data as Record<string, any>;
  switch (e.type) {
    case 'message.created': {
      const m = { id: d.id, sender: d.sender, text: d.text, attachments: d.attachments ?? [], created_at: Date.parse(d.createdAt), agent_name: agentName };
      return { type: e.type, data: { conversationId: d.conversationId, ...visitorMessage(m) } };
    }
    case 'conversation.created':
    case 'conversation.status_changed':
      return { type: e.type, data: d };
    case 'typing':
      return d.who === 'agent' ? { type: 'typing', data: { conversationId: d.conversationId, who: 'agent' } } : undefined;
    default:
      return undefined;
  }
}

/**
 * One visitor's WebSocket: their conversations' messages and status changes,
 * and their queue position whenever the queue may have moved. Position checks
 * are coalesced: a burst of routing events costs one query, not one per event.
 */
export class VisitorStream {
  private conversations = new Set<string>();
  private lastPosition: string | undefined;
  private checking = false;
  private recheck = false;
  /** Frames leave in bus order even when one waits for an agent's name. */
  private outgoing: Promise<void> = Promise.resolve();
  private agentNames = new Map<string, Promise<string | null>>();

  constructor(
    private deps: Deps,
    private session: VisitorSession,
    private socket: WebSocket,
  ) {}

  async start(): Promise<() => void> {
    // This channel's conversations only: a contact merged with another person's
    // identities elsewhere (LINE, email…) must not show those on the web page.
    const rows = await this.deps.db
      .selectFrom('conversations')
      .select('id')
      .where('contact_id', '=', this.session.contactId)
      .where('channel_id', '=', this.session.channelId)
      .execute();
    for (const r of rows) this.conversations.add(r.id);
    const unsubscribe = this.deps.bus.subscribe((e) => this.onEvent(e));
    this.send({ type: 'hello', data: { channelId: this.session.channelId, contactId: this.session.contactId } });
    void this.checkQueuePosition();
    return unsubscribe;
  }

  private onEvent(e: StreamEvent) {
    if (e.workspaceId !== this.session.workspaceId) return;
    // A merge moves this visitor's session to the contact it was merged into.
    if (e.type === 'contact.merged' && e.data.mergedId === this.session.contactId) this.session = { ...this.session, contactId: String(e.data.id) };
    if (e.type === 'conversation.created' && e.data.contactId === this.session.contactId && e.data.channelId === this.session.channelId) {
      this.conversations.add(String(e.data.id));
    }
    const mine = e.conversationId !== undefined && this.conversations.has(e.conversationId);
    if (mine) this.sendInOrder(e);
    // Anyone's status change can move this visitor in the queue.
    if (e.type === 'conversation.status_changed') void this.checkQueuePosition();
  }

  private sendInOrder(e: StreamEvent) {
    const agentId = e.type === 'message.created' && e.data.sender === 'agent' ? e.data.agentId : null;
    const name = typeof agentId === 'string' ? this.agentName(agentId) : Promise.resolve(null);
    this.outgoing = this.outgoing
      .then(async () => {
        const frame = toVisitorFrame(e, await name);
        if (frame) this.send(frame);
      })
      .catch((error: unknown) => this.deps.log.warn({ err: error }, 'visitor frame failed'));
  }

  /** Agents' names, once per stream: a conversation's replies come from one or two people. */
  private agentName(id: string) {
    let name = this.agentNames.get(id);
    if (!name) {
      const query = this.deps.db.selectFrom('agents').select('name').where('id', '=', id).executeTakeFirst();
      name = query.then((row) => row?.name ?? null);
      this.agentNames.set(id, name);
    }
    return name;
  }

  private async checkQueuePosition() {
    if (this.checking) return void (this.recheck = true);
    this.checking = true;
    try {
      do {
        this.recheck = false;
        await this.sendPositionIfChanged();
      } while (this.recheck);
    } catch (error) {
      this.deps.log.warn({ err: error }, 'queue position check failed');
    } finally {
      this.checking = false;
    }
  }

  private async sendPositionIfChanged() {
    const conv = await currentConversation(this.deps, this.session);
    if (!conv || conv.status !== 'waiting') return void (this.lastPosition = undefined);
    const position = await queuePosition(this.deps, conv);
    const key = `${conv.id}:${position}`;
    if (key === this.lastPosition) return;
    this.lastPosition = key;
    this.send({ type: 'queue.position', data: { conversationId: conv.id, position } });
  }

  private send(frame: Frame) {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
  }
}
