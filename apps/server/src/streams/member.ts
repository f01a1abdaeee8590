import type { StreamEvent } from '../platform/stream-event.ts';

/**
 * One socket's place in a workspace's stream: the cursor it has reached, and
 * while it replays what it missed, the live events that arrive meanwhile
 * (sent after the replay, each once: anything at or below the cursor is a
 * duplicate).
 */
export abstract class Member {
  cursor = 0;
  private buffer: StreamEvent[] | null = null;

  push(e: StreamEvent): void {
    if (this.buffer) this.buffer.push(e);
    else this.accept(e);
  }

  startReplay(after: number): void {
    this.cursor = after;
    this.buffer = [];
  }

  finishReplay(missed: StreamEvent[]): void {
    for (const e of missed) this.accept(e);
    const live = this.buffer ?? [];
    this.buffer = null;
    for (const e of live) this.accept(e);
  }

  private accept(e: StreamEvent) {
    if (e.cursor !== undefined) {
      if (e.cursor <= this.cursor) return;
      this.cursor = e.cursor;
    }
    this.deliver(e);
  }

  /** The first frame (`hello`): where the socket stands, and whether it must refetch (its cursor was too old). */
  abstract greet(cursor: number, reset: boolean): void;

  /** Sends the event if this socket may see it. */
  protected abstract deliver(e: StreamEvent): void;
}

export type Frame = { type: string; data: Record<string, unknown>; cursor?: number };

/** The JSON a socket is sent: the event's type and data, and its cursor to resume from. */
export const frameOf = (type: string, data: Record<string, unknown>, cursor: number | undefined): string =>
  JSON.stringify(cursor === undefined ? { type, data } : { type, data, cursor });
