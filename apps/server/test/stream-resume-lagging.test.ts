import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../src/platform/stream-event.ts';
import { Member } from '../src/streams/member.ts';
import { StreamHub } from '../src/streams/stream-hub.ts';
import { LocalTransport } from '../src/streams/transport.ts';
import { startTestServer, type TestServer } from './harness.ts';

/** A socket as the hub sees it: the `hello` it was greeted with and the cursors it was sent. */
class Recorder extends Member {
  hello: { cursor: number; reset: boolean } | undefined;
  readonly got: number[] = [];
  private readonly waiting: Array<{ cursor: number; resolve: () => void }> = [];

  greet(cursor: number, reset: boolean) {
    this.hello = { cursor, reset };
  }

  protected deliver(e: StreamEvent) {
    this.got.push(e.cursor!);
    for (const w of this.waiting.filter((w) => w.cursor === e.cursor)) w.resolve();
  }

  /** Resolves when the event with this cursor is sent (an event to await, not a sleep). */
  sent(cursor: number) {
    return new Promise<void>((resolve) => (this.got.includes(cursor) ? resolve() : this.waiting.push({ cursor, resolve })));
  }
}

const event = (workspaceId: string, i: number): StreamEvent => ({ type: 'test.event', workspaceId, data: { i } });

describe('a socket resuming on a process that has not yet heard of its cursor (streams/stream-hub.ts)', () => {
  let s: TestServer;
  let a: StreamHub;
  let b: StreamHub;
  beforeAll(async () => {
    s = await startTestServer();
    // Two processes' hubs on one database whose transport carries nothing: B hears of A's events only from the table.
    a = new StreamHub(s.container.deps.db, pino({ level: 'silent' }), new LocalTransport());
    b = new StreamHub(s.container.deps.db, pino({ level: 'silent' }), new LocalTransport());
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await s.close();
  });

  // Failed before: B's feed stood at 0, behind the client's cursor 1 from A, and `join` took a cursor
  // ahead of the feed for one from another workspace or the future: `hello.reset`, a refetch, and
  // event 1 sent again once B's feed caught up.
  it('resumes from a cursor another process sent, without a reset and without sending it again', async () => {
    const ws = `ws_lag_${Date.now()}`;
    const watcher = new Recorder();
    await b.join(ws, watcher, undefined); // B's room for the workspace exists, its feed at 0
    await a.publish([event(ws, 1)]); // numbered 1 by A; the transport does not carry it to B
    const resumed = new Recorder(); // a client that got 1 from A, now reconnected to B
    await b.join(ws, resumed, 1);
    expect(resumed.hello).toEqual({ cursor: 1, reset: false });
    await b.publish([event(ws, 2)]); // B's own: its feed reads 1 from the table before sending 2
    await resumed.sent(2);
    expect(resumed.got).toEqual([2]);
    expect(watcher.got).toEqual([1, 2]);
  });

  it('still resets a cursor that no process has handed out yet', async () => {
    const ws = `ws_lag_future_${Date.now()}`;
    await a.publish([event(ws, 1)]);
    const member = new Recorder();
    await b.join(ws, member, 5);
    expect(member.hello).toEqual({ cursor: 1, reset: true });
  });
});
