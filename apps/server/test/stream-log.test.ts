import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamLog } from '../src/streams/stream-log.ts';
import { startTestServer, type TestServer } from './harness.ts';

describe('the stream log a reconnecting socket or a lagging process reads', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  // Failed before: the cursor was selected as text under its own name, so ORDER BY sorted "10" before "6"
  // and a process catching up from cursor 5 took 10 for the oldest event left and skipped 6–9.
  it('gives a range in cursor order across a change in the number of digits', async () => {
    const log = new StreamLog(s.container.deps.db);
    const ws = `ws_log_${Date.now()}`;
    const events = Array.from({ length: 12 }, (_, i) => ({ type: 'test.event', workspaceId: ws, data: { i }, agentIds: undefined, conversationId: undefined }));
    for (const e of events) await log.append(ws, [e]);
    const range = await log.range(ws, 5, 12);
    expect(range.map((e) => e.cursor)).toEqual([6, 7, 8, 9, 10, 11, 12]);
    expect(range.map((e) => (e.data as { i: number }).i)).toEqual([5, 6, 7, 8, 9, 10, 11]);
  });
});
