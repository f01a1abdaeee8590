import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

const line = (text: string, name: string) => text.split('\n').find((l) => l.startsWith(name))?.trim();

/** GET /metrics (issue #16): Prometheus text, outside /api/v1's auth, guarded by METRICS_TOKEN when set. */
describe('GET /metrics', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('reports queue, oldest wait, ready agents, outbox, sockets, HTTP latency and routing steps', async () => {
    const s = await startTestServer();
    servers.push(s);
    const channel = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id;
    for (const key of ['a', 'b']) await s.api('POST', `/channels/${channel}/inbound`, { contact: { externalId: key }, text: 'help' });
    s.clock.advance(42_000);
    const agent = (await s.api('POST', '/agents', { name: 'ann', email: 'ann@example.com', capacity: 1 })).body.id;
    await s.api('PUT', `/agents/${agent}/presence`, { presence: 'ready' });

    const res = await fetch(`${s.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const ws = `workspace="${s.workspaceId}"`;
    // ann took one; the other waits (she is full, so nothing dispatches), 42 s since its hand-off.
    expect(line(text, `switchboard_queue_length{${ws},status="waiting"}`)).toBe(`switchboard_queue_length{${ws},status="waiting"} 1`);
    expect(line(text, `switchboard_queue_oldest_wait_seconds{${ws}}`)).toBe(`switchboard_queue_oldest_wait_seconds{${ws}} 42`);
    expect(line(text, `switchboard_agents_ready{${ws}}`)).toBe(`switchboard_agents_ready{${ws}} 1`);
    expect(line(text, 'switchboard_outbox_messages{status="failed"}')).toBe('switchboard_outbox_messages{status="failed"} 0');
    expect(line(text, 'switchboard_stream_sockets')).toBe('switchboard_stream_sockets 0');
    expect(text).toMatch(/switchboard_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/channels\/:id\/inbound",status="201"\} 2/);
    expect(Number(/switchboard_routing_step_duration_seconds_count (\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(4);
    // Every routing transaction (two hand-offs, the presence change) waited for and held the lock once.
    const lockCount = (name: string) => Number(new RegExp(`${name}_count (\\d+)`).exec(text)?.[1]);
    expect(lockCount('switchboard_routing_lock_held_seconds')).toBeGreaterThanOrEqual(3);
    expect(lockCount('switchboard_routing_lock_wait_seconds')).toBe(lockCount('switchboard_routing_lock_held_seconds'));
    expect(Number(/switchboard_routing_lock_held_seconds_sum (\S+)/.exec(text)?.[1])).toBeGreaterThan(0);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    // Route patterns only: no ids in label values.
    expect(text).not.toContain(channel);
  });

  it('with METRICS_TOKEN set, only its bearer gets the numbers', async () => {
    const s = await startTestServer({ app: { metrics: { token: 'metrics-token-0123456789' } } });
    servers.push(s);
    expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${s.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const body = await (await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${s.adminToken}` } })).json();
    expect(body.error.code).toBe('UNAUTHENTICATED');
    expect((await fetch(`${s.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } })).status).toBe(200);
  });
});
