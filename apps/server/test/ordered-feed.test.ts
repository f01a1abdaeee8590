import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../src/platform/stream-event.ts';
import { OrderedFeed } from '../src/streams/ordered-feed.ts';
import { StreamLog } from '../src/streams/stream-log.ts';
import { startTestServer, type TestServer } from './harness.ts';

/**
 * A real log whose next catch-up read can be held after it ran: its answer
 * is then from before whatever the test commits meanwhile, as a query in
 * flight on a loaded database is (its snapshot predates the commits it races).
 */
class HeldLog extends StreamLog {
  private gate: { entered: () => void; released: Promise<void> } | undefined;

  /** Holds the next read; resolves `entered` once it has run, and answers when `release` is called. */
  hold() {
    let release!: () => void;
    const entered = new Promise<void>((resolve) => (this.gate = { entered: resolve, released: new Promise((r) => (release = r)) }));
    return { entered, release: () => release() };
  }

  override async range(...args: Parameters<StreamLog['range']>) {
    return this.held(await super.range(...args));
  }

  override async after(...args: Parameters<StreamLog['after']>) {
    return this.held(await super.after(...args));
  }

  private async held(rows: StreamEvent[]) {
    const gate = this.gate;
    this.gate = undefined;
    if (gate) {
      gate.entered();
      await gate.released;
    }
    return rows;
  }
}

/** The held read's answer handled: a few turns of the event loop (no timer is involved). */
const settled = async () => {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

const event = (workspaceId: string, i: number): StreamEvent => ({ type: 'test.event', workspaceId, data: { i }, agentIds: undefined, conversationId: undefined });

describe('one workspace put back in cursor order by a process (streams/ordered-feed.ts)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  const feedOn = async (log: StreamLog, workspaceId: string) => {
    const delivered: number[] = [];
    const feed = new OrderedFeed(workspaceId, log, pino({ level: 'silent' }), (e) => delivered.push(e.cursor!));
    await feed.start();
    return { feed, delivered };
  };

  // Failed before (issue #13, the fault suite's 3–8 missing message.created in ~20,000, the same one on
  // two processes): a catch-up read that came back empty while a later number waited in `pending`
  // took the gap for pruned rows and moved past it; the missing event, still on its way from the
  // process that numbered it, then arrived at or below `last` and was dropped.
  it('does not skip a number that commits while a catch-up read is in flight and arrives after a later one', async () => {
    const log = new HeldLog(s.container.deps.db);
    const ws = `ws_feed_${Date.now()}`;
    const { feed, delivered } = await feedOn(log, ws);
    const read = log.hold();
    feed.behind(Infinity); // a Redis reconnect: read the table from where the feed stands
    await read.entered; // the read ran: nothing after 0 yet
    const [first] = await log.append(ws, [event(ws, 1)]); // another process's event, still in Redis
    const [second] = await log.append(ws, [event(ws, 2)]); // this process's own, arrives at once
    feed.receive(second!);
    read.release();
    await settled();
    feed.receive(first!); // Redis delivers the other process's event
    expect(delivered).toEqual([1, 2]);
    feed.close();
  });

  it('moves past numbers pruned from the table, however many, once the table shows a later one', async () => {
    const log = new HeldLog(s.container.deps.db);
    const ws = `ws_feed_pruned_${Date.now()}`;
    const { feed, delivered } = await feedOn(log, ws);
    await log.append(ws, Array.from({ length: 1500 }, (_, i) => event(ws, i + 1)));
    await log.append(ws, [event(ws, 1501)]);
    await sql`DELETE FROM stream_events WHERE workspace_id = ${ws} AND seq <= 1500`.execute(s.container.deps.db); // pruned
    const read = log.hold();
    feed.behind(Infinity);
    await read.entered;
    read.release();
    await settled();
    expect(delivered).toEqual([1501]);
    feed.close();
  });
});
