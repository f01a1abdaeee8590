/**
 * A stream event as pushed over the WebSocket (`{type, data}`), plus what the
 * fan-out needs to decide who may see it. See docs/events.md.
 */
export interface StreamEvent {
  type: string;
  data: Record<string, unknown>;
  workspaceId: string;
  /** When set, agents (role `agent`) only see it if they are listed; supervisors and admins see all. */
  agentIds?: string[];
  /** When set, the customer session of this conversation (web chat) sees it too. */
  conversationId?: string;
  /** The event's number in its workspace's stream (set after COMMIT, see streams/stream-log.ts); a socket resumes after it. */
  cursor?: number;
}

export interface EventBus {
  /** May resolve later (once the events are numbered); never rejects. */
  publish(events: StreamEvent[]): void | Promise<void>;
  subscribe(listener: (event: StreamEvent) => void): () => void;
  close(): Promise<void>;
}

/** One process, no cursors: listeners are called synchronously in publish order (unit tests of use-cases). */
export class InProcessBus implements EventBus {
  private listeners = new Set<(event: StreamEvent) => void>();

  publish(events: StreamEvent[]): void {
    for (const event of events) for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: (event: StreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
