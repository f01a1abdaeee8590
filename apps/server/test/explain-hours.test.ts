import { FakeClock } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

/** SPEC §5 "Why": OUTSIDE_BUSINESS_HOURS for a conversation queued out of hours (R11). Failed before: the code was never emitted. */
describe('explain out of business hours', () => {
  let s: TestServer;
  let channel = '';
  const clock = new FakeClock(Date.UTC(2026, 11, 2, 20, 0)); // Wednesday 20:00 UTC
  beforeAll(async () => {
    s = await startTestServer({ clock });
    channel = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id;
    const weekday = [['09:00', '18:00']];
    const put = await s.api('PUT', '/settings/business-hours', {
      timezone: 'UTC',
      weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
      queueOutsideHours: true,
    });
    expect(put.status).toBe(200);
  });
  afterAll(() => s?.close());

  it('says when it opens while closed, and stops saying it once open', async () => {
    const id = (await s.api('POST', `/channels/${channel}/inbound`, { contact: { externalId: 'late' }, text: 'a person please' })).body.conversationId;
    const closed = (await s.api('GET', `/conversations/${id}/explain`)).body;
    expect(closed.status).toBe('waiting');
    expect(closed.blockers[0]).toEqual({ code: 'OUTSIDE_BUSINESS_HOURS', detail: 'outside business hours: closed until thu 2026-12-03 09:00 (UTC)' });
    expect(closed.blockers.map((b: { code: string }) => b.code)).toContain('NO_AGENT_READY');

    clock.advance(14 * 3600_000); // Thursday 10:00
    const open = (await s.api('GET', `/conversations/${id}/explain`)).body;
    expect(open.blockers.map((b: { code: string }) => b.code)).toEqual(['NO_AGENT_READY']);
  });
});
