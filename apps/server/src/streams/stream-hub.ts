import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { EventBus, StreamEvent } from '../platform/stream-event.ts';
import type { Member } from './member.ts';
import { Room, type VisitorMember } from './room.ts';
import { StreamLog } from './stream-log.ts';
import type { Transport } from './transport.ts';

/** Not stored, not numbered: typing is only worth seeing live. */
const EPHEMERAL = new Set(['typing', 'conversation.viewing']);
const POLL_MS = 1000;
const PRUNE_MS = 60_000;
/** A reconnect further behind than this gets `stream.reset` (refetch) instead of a replay. */
const MAX_REPLAY = 5000;

export interface Joined {
  /** Where the socket now stands: send it in `hello`, the client resumes from its last cursor. */
  cursor: number;
  /** The cursor asked for can no longer be replayed (too old, or not this workspace's): refetch. */
  reset: boolean;
  leave(): void;
}

/**
 * The event bus of this process (decision 0012-h-fanout). `publish` numbers
 * the events in `stream_events` right after their COMMIT, then hands them to
 * this process's sockets and to the other processes (the transport); every
 * process puts each workspace's events back in order before its sockets see
 * them. Sockets join a workspace's room, optionally from a cursor.
 */
export class StreamHub implements EventBus {
  readonly log: StreamLog;
  private readonly rooms = new Map<string, Promise<Room>>();
  private readonly listeners = new Set<(e: StreamEvent) => void>();
  private queue: Array<{ events: StreamEvent[]; done: () => void }> = [];
  private flushing = false;
  private readonly timers: Array<ReturnType<typeof setInterval>>;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly transport: Transport,
    /** The clock queue standings read business hours by (deps.clock). */
    private readonly now: () => number = Date.now,
  ) {
    this.log = new StreamLog(db);
    transport.onMessage((topic, payload) => topic === 'events' && this.arrive(JSON.parse(payload) as StreamEvent[]));
    transport.onReconnect(() => void this.poll(true));
    this.timers = [setInterval(() => void this.poll(false), POLL_MS), setInterval(() => void this.prune(), PRUNE_MS)];
    for (const t of this.timers) t.unref?.();
  }

  /** Resolves once the events are numbered and on their way (never rejects: the change itself has committed). */
  publish(events: StreamEvent[]): Promise<void> {
    const live = events.filter((e) => EPHEMERAL.has(e.type));
    if (live.length > 0) this.send(live);
    const durable = live.length === 0 ? events : events.filter((e) => !EPHEMERAL.has(e.type));
    if (durable.length === 0) return Promise.resolve();
    return new Promise((done) => {
      this.queue.push({ events: durable, done });
      void this.flush();
    });
  }

  /** Every event this process hears of, as it arrives (tests, metrics); sockets use `join`. */
  subscribe(listener: (event: StreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async join(workspaceId: string, member: Member, after: number | undefined, visitor?: VisitorMember): Promise<Joined> {
    const room = await this.room(workspaceId);
    const current = room.feed.last!;
    const leave = () => this.leave(workspaceId, room, member, visitor);
    // In the room before anything else is awaited: live events from here on are buffered, none is missed.
    member.startReplay(current);
    if (visitor) room.addVisitor(visitor);
    else room.agents.add(member);
    try {
      let from = after ?? current;
      const reset = from > current ? !(await this.handedOut(workspaceId, from)) : from < current && !(await this.replayable(workspaceId, from, current));
      if (reset) from = current;
      const missed = from < current ? await this.log.range(workspaceId, from, current, visitor ? [...visitor.conversations.keys()] : undefined) : [];
      member.cursor = from;
      member.greet(from, reset);
      member.finishReplay(missed);
      return { cursor: from, reset, leave };
    } catch (error) {
      leave();
      throw error;
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    for (const room of this.rooms.values()) void room.then((r) => r.feed.close(), () => {});
    this.rooms.clear();
    this.listeners.clear();
    await this.transport.close();
  }

  /** Agent and visitor sockets this process holds (metrics). */
  async socketCount(): Promise<number> {
    let n = 0;
    for (const room of this.rooms.values()) n += (await room.catch(() => null))?.size ?? 0;
    return n;
  }

  /**
   * A cursor ahead of this process's feed, from another process whose events are still on their
   * way here: the socket starts there (what it got meanwhile is dropped as seen). Only a number the
   * workspace has not reached (another workspace's, made up) asks the client to refetch.
   */
  private async handedOut(workspaceId: string, cursor: number) {
    return cursor <= (await this.log.current([workspaceId])).get(workspaceId)!;
  }

  private async replayable(workspaceId: string, after: number, current: number) {
    if (current - after > MAX_REPLAY) return false;
    const oldest = await this.log.oldest(workspaceId);
    return oldest !== undefined && oldest <= after + 1;
  }

  private room(workspaceId: string): Promise<Room> {
    let room = this.rooms.get(workspaceId);
    if (!room) {
      const fresh = new Room(this.db, this.log, this.logger, workspaceId, this.now);
      room = fresh.feed.start().then(() => fresh);
      room.catch(() => this.rooms.get(workspaceId) === room && this.rooms.delete(workspaceId));
      this.rooms.set(workspaceId, room);
    }
    return room;
  }

  private leave(workspaceId: string, room: Room, member: Member, visitor?: VisitorMember) {
    if (visitor) room.removeVisitor(visitor);
    else room.agents.delete(member);
    // Keep no room without sockets: its feed would keep reading the table for nobody.
    if (room.size === 0 && this.rooms.get(workspaceId)) {
      void this.rooms.get(workspaceId)!.then((r) => {
        if (r !== room || room.size > 0) return;
        room.feed.close();
        this.rooms.delete(workspaceId);
      });
    }
  }

  private async flush() {
    if (this.flushing) return;
    this.flushing = true;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const byWorkspace = new Map<string, StreamEvent[]>();
      for (const e of batch.flatMap((b) => b.events)) {
        const list = byWorkspace.get(e.workspaceId);
        if (list) list.push(e);
        else byWorkspace.set(e.workspaceId, [e]);
      }
      await Promise.all([...byWorkspace].map(([id, events]) => this.number(id, events)));
      for (const b of batch) b.done();
    }
    this.flushing = false;
  }

  private async number(workspaceId: string, events: StreamEvent[]) {
    try {
      this.send(await this.log.append(workspaceId, events));
    } catch (error) {
      // The change is committed; its sockets should still hear of it, live, without a cursor.
      this.logger.error({ err: error, workspaceId }, 'stream events could not be numbered; sent without a cursor');
      this.send(events);
    }
  }

  private send(events: StreamEvent[]) {
    this.arrive(events);
    this.transport.publish('events', JSON.stringify(events));
  }

  private arrive(events: StreamEvent[]) {
    for (const e of events) {
      for (const listener of this.listeners) listener(e);
      const room = this.rooms.get(e.workspaceId);
      if (room) void room.then((r) => r.feed.receive(e), () => {});
    }
  }

  /** The safety net under the transport: a workspace whose counter moved past what arrived is read from the table. */
  private async poll(all: boolean) {
    if (this.rooms.size === 0) return;
    try {
      const ids = [...this.rooms.keys()];
      const current = await this.log.current(ids);
      for (const id of ids) {
        const room = this.rooms.get(id);
        if (room) void room.then((r) => r.feed.behind(all ? Infinity : current.get(id)!), () => {});
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'stream poll failed');
    }
  }

  private async prune() {
    await this.log.prune().catch((error: unknown) => this.logger.warn({ err: error }, 'stream pruning failed'));
  }
}
