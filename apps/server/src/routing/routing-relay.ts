import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisPair } from '../platform/redis-pair.ts';
import type { Logger } from 'pino';

/**
 * One process routes each workspace (decision 0039-one-process-routes-a-workspace).
 * Routing in a workspace is a sequence under its lock whichever process runs
 * it; three processes each committing their own small batches spend most of
 * the lock's time handing it between them. So with Redis, a workspace's
 * hand-offs and closes go to the process that holds its lease in Redis (the
 * first to route there), which does them with its own in its group commit,
 * and answers back. The lease and the messages are only a hint: the
 * database's lock still decides, so two processes that both think they own a
 * workspace, or a request done twice (routeHandoffs takes only what is still
 * pending; a close is a compare-and-set on its status), stay correct.
 *
 * A request is done here instead when Redis is away, when nobody listens on
 * the owner's channel (PUBLISH answers 0: the owner is gone, kill -9 included,
 * and this process takes the lease over), or when no answer came within
 * `answerWithinMs` (a stuck owner). Leases last `leaseMs` and are renewed
 * while the owner routes; an owner that stops releases its own.
 */
export interface RelayRequest {
  workspaceId: string;
  kind: string;
  request: unknown;
}

/** A forwarded request's outcome: done by the owner (its value), or not done there, so the caller does it. */
export type Relayed = { done: true; value: unknown } | { done: false; why: 'local' | 'owner_gone' | 'no_answer' | 'failed' | 'declined' };

type Wire =
  | { t: 'req'; id: string; from: string; body: RelayRequest }
  | { t: 'res'; id: string; ok: true; value: unknown }
  | { t: 'res'; id: string; ok: false; declined?: boolean; message?: string };

/** The owner's answer to a request it will not do, because its own fallback (a unit that needs the caller's principal) must run. */
export const DECLINED = Symbol('declined');

const CLAIM = `
local v = redis.call('GET', KEYS[1])
if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return ARGV[1] end
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return v`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const TAKE_OVER = `
local v = redis.call('GET', KEYS[1])
if not v or v == ARGV[3] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return ARGV[1] end
return v`;

interface Owner {
  id: string;
  /** When this was read (performance.now()). */
  at: number;
  refreshing?: Promise<void>;
}

export interface RelayStats {
  forwarded: number;
  servedForOthers: number;
  /** Done here after all: the owner was gone (nobody listened), silent past the wait, or failed (Redis, its transaction). */
  ownerGone: number;
  noAnswer: number;
  failed: number;
}

export class RoutingRelay {
  readonly id = randomUUID();
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly owners = new Map<string, Owner>();
  private readonly waiting = new Map<string, { resolve: (r: Relayed) => void; timer: ReturnType<typeof setTimeout> }>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private handler: ((body: RelayRequest) => Promise<unknown>) | null = null;
  private stopped = false;
  private readonly logError: (error: Error) => void;
  readonly stats: RelayStats = { forwarded: 0, servedForOthers: 0, ownerGone: 0, noAnswer: 0, failed: 0 };

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly log: Logger,
    private readonly leaseMs = 3000,
    private readonly answerWithinMs = 5000,
  ) {
    ({ pub: this.pub, sub: this.sub, logError: this.logError } = redisPair(url, log, 'Redis (routing relay)'));
    this.sub.on('messageBuffer', (_channel: Buffer, message: Buffer) => this.onWire(message.toString()));
    // Redis keeps nothing across a restart: the leases are claimed again.
    this.sub.on('ready', () => this.owners.clear());
    void this.sub.subscribe(this.channel(this.id)).catch((error: Error) => this.logError(error));
  }

  /** What this process does with a request another process forwards (routing-batches.ts). */
  serve(handler: (body: RelayRequest) => Promise<unknown>) {
    this.handler = handler;
  }

  /** The workspaces this process routes for the others (/metrics). */
  ownedCount(): number {
    const fresh = performance.now() - this.leaseMs;
    return [...this.owners.values()].filter((o) => o.id === this.id && o.at > fresh).length;
  }

  /**
   * Forwards `body` to its workspace's owner and waits for the answer; `{done: false, why: 'local'}`
   * at once when this process is the owner (or Redis is away), so the caller routes it here.
   */
  async forward(body: RelayRequest): Promise<Relayed> {
    if (this.stopped || this.pub.status !== 'ready' || this.sub.status !== 'ready') return { done: false, why: 'local' };
    const owner = await this.ownerOf(body.workspaceId);
    if (owner === null || owner === this.id) return { done: false, why: 'local' };
    const id = randomUUID();
    const answered = new Promise<Relayed>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve({ done: false, why: 'no_answer' });
      }, this.answerWithinMs);
      this.waiting.set(id, { resolve, timer });
    });
    let listeners: number;
    try {
      listeners = await this.pub.publish(this.channel(owner), JSON.stringify({ t: 'req', id, from: this.id, body } satisfies Wire));
    } catch (error) {
      this.settle(id, { done: false, why: 'failed' });
      this.logError(error as Error);
      return this.fellBack(await answered);
    }
    if (listeners === 0) {
      // Nobody listens on the owner's channel: it is gone. Take its lease (if still its own) and route here.
      this.settle(id, { done: false, why: 'owner_gone' });
      await this.takeOver(body.workspaceId, owner);
      return this.fellBack(await answered);
    }
    this.stats.forwarded++;
    const outcome = await answered;
    return outcome.done ? outcome : this.fellBack(outcome);
  }

  /** Stops serving others: the leases are released, requests being served are finished and answered first. */
  async close() {
    this.stopped = true;
    const mine = [...this.owners.entries()].filter(([, o]) => o.id === this.id).map(([w]) => w);
    await Promise.allSettled(mine.map((w) => this.pub.eval(RELEASE, 1, this.key(w), this.id)));
    await Promise.allSettled([...this.inFlight]);
    for (const [id] of this.waiting) this.settle(id, { done: false, why: 'failed' });
    this.pub.disconnect();
    this.sub.disconnect();
  }

  /** Drops the connections without giving the leases back or answering: how a killed process looks to the others (tests). */
  abandon() {
    this.stopped = true;
    this.pub.disconnect();
    this.sub.disconnect();
  }

  private fellBack(outcome: Relayed): Relayed {
    if (!outcome.done && outcome.why === 'owner_gone') this.stats.ownerGone++;
    if (!outcome.done && outcome.why === 'no_answer') this.stats.noAnswer++;
    if (!outcome.done && outcome.why === 'failed') this.stats.failed++;
    return outcome;
  }

  /** The workspace's owner, claimed for this process if it has none; read again every third of a lease, in the background while still fresh. */
  private async ownerOf(workspaceId: string): Promise<string | null> {
    const known = this.owners.get(workspaceId);
    const age = known ? performance.now() - known.at : Infinity;
    if (known && age < this.leaseMs / 3) return known.id;
    const refresh = known?.refreshing ?? this.refresh(workspaceId);
    if (known && age < this.leaseMs / 2) return known.id;
    await refresh;
    return this.owners.get(workspaceId)?.id ?? null;
  }

  private refresh(workspaceId: string): Promise<void> {
    const entry = this.owners.get(workspaceId);
    const done = (this.pub.eval(CLAIM, 1, this.key(workspaceId), this.id, String(this.leaseMs)) as Promise<string>).then(
      (id) => {
        if (id === this.id && entry?.id !== this.id) this.log.info({ workspaceId }, 'this process now routes the workspace for the others');
        this.owners.set(workspaceId, { id, at: performance.now() });
      },
      (error: Error) => {
        this.owners.delete(workspaceId);
        this.logError(error);
      },
    );
    if (entry) entry.refreshing = done;
    return done;
  }

  private async takeOver(workspaceId: string, gone: string) {
    try {
      const id = (await this.pub.eval(TAKE_OVER, 1, this.key(workspaceId), this.id, String(this.leaseMs), gone)) as string;
      this.owners.set(workspaceId, { id, at: performance.now() });
      if (id === this.id) this.log.warn({ workspaceId }, "the workspace's routing process is gone; this process routes it now");
    } catch (error) {
      this.owners.delete(workspaceId);
      this.logError(error as Error);
    }
  }

  private onWire(text: string) {
    let wire: Wire;
    try {
      wire = JSON.parse(text) as Wire;
    } catch {
      return;
    }
    if (wire.t === 'res') {
      this.settle(wire.id, wire.ok ? { done: true, value: wire.value } : { done: false, why: wire.declined ? 'declined' : 'failed' });
      return;
    }
    void this.answer(wire);
  }

  private async answer(wire: Extract<Wire, { t: 'req' }>) {
    const reply = (res: Wire) => this.pub.publish(this.channel(wire.from), JSON.stringify(res)).catch((error: Error) => this.logError(error));
    if (this.stopped || !this.handler) return void (await reply({ t: 'res', id: wire.id, ok: false }));
    this.stats.servedForOthers++;
    // Serving the workspace keeps its lease (renewed as ownerOf renews it: one claim at a time).
    void this.ownerOf(wire.body.workspaceId);
    const work = this.handler(wire.body);
    this.inFlight.add(work);
    try {
      const value = await work;
      await reply(value === DECLINED ? { t: 'res', id: wire.id, ok: false, declined: true } : { t: 'res', id: wire.id, ok: true, value });
    } catch (error) {
      await reply({ t: 'res', id: wire.id, ok: false, message: (error as Error).message });
    } finally {
      this.inFlight.delete(work);
    }
  }

  private settle(id: string, outcome: Relayed) {
    const w = this.waiting.get(id);
    if (!w) return;
    clearTimeout(w.timer);
    this.waiting.delete(id);
    w.resolve(outcome);
  }

  private key(workspaceId: string) {
    return `${this.prefix}routing-owner:${workspaceId}`;
  }

  private channel(processId: string) {
    return `${this.prefix}routing:${processId}`;
  }
}
