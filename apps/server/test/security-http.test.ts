import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from './harness.ts';

/** Resolves with the first frame's type, or with the close code if the server closes first. */
function firstWord(url: string, token: string): Promise<string> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/stream?token=${encodeURIComponent(token)}`);
  return new Promise((resolve, reject) => {
    ws.once('message', (raw) => {
      const frame = JSON.parse(raw.toString());
      if (frame.type === 'hello') {
        ws.close();
        resolve('hello');
      }
    });
    ws.once('close', (code) => resolve(String(code)));
    ws.once('error', reject);
  });
}

function nested(depth: number) {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Issue #11 findings 10, 15 and 16: tokens in logged URLs, missing headers, deep JSON → 500. */
describe('the HTTP edge: stream tickets, log redaction, headers, JSON depth', () => {
  let s: TestServer;
  const lines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    s = await startTestServer({ log: pino({ level: 'info' }, sink), app: { logRequests: true, trustProxy: true } });
  });
  afterAll(() => s.close());

  it('a stream ticket opens one socket, once, within 30 s', async () => {
    const issued = await s.api('POST', '/stream/tickets');
    expect(issued.status).toBe(201);
    expect(issued.body.ticket).toMatch(/^sbt_/);
    expect(await firstWord(s.url, issued.body.ticket)).toBe('hello');
    expect(await firstWord(s.url, issued.body.ticket)).toBe('4401');
    const late = (await s.api('POST', '/stream/tickets')).body.ticket;
    s.clock.advance(31_000);
    expect(await firstWord(s.url, late)).toBe('4401');
    expect((await s.api('POST', '/stream/tickets', undefined, null)).status).toBe(401);
  });

  it('no log line carries a token or ticket from a URL', async () => {
    const ticket = (await s.api('POST', '/stream/tickets')).body.ticket;
    await firstWord(s.url, ticket);
    await firstWord(s.url, s.adminToken);
    const log = lines.join('');
    expect(log).toContain('/api/v1/stream?token=[redacted]');
    expect(log).not.toContain(ticket);
    expect(log).not.toContain(s.adminToken);
  });

  it('sends CSP with frame-ancestors none, nosniff and no-referrer; HSTS only over TLS', async () => {
    const plain = await fetch(`${s.url}/healthz`);
    const csp = plain.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff');
    expect(plain.headers.get('referrer-policy')).toBe('no-referrer');
    expect(plain.headers.get('x-frame-options')).toBe('DENY');
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    // The widget script is loaded by customers' sites.
    expect(plain.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const tls = await fetch(`${s.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('JSON nested 5,000 levels deep is a 400, in a channel config and a script simulation', async () => {
    const headers = { authorization: `Bearer ${s.adminToken}`, 'content-type': 'application/json' };
    const channel = await fetch(`${s.url}/api/v1/channels`, {
      method: 'POST',
      headers,
      body: `{"type":"api","name":"deep","config":${nested(5000)}}`,
    });
    expect(channel.status).toBe(400);
    expect((await channel.json()).error.code).toBe('JSON_TOO_DEEP');
    const simulate = await fetch(`${s.url}/api/v1/scripts/scr_any/simulate`, { method: 'POST', headers, body: nested(5000) });
    expect(simulate.status).toBe(400);
    // Brackets inside strings are text, not depth.
    const text = await fetch(`${s.url}/api/v1/channels`, { method: 'POST', headers, body: JSON.stringify({ type: 'api', name: '{'.repeat(150) }) });
    expect(text.status).toBe(201);
  });
});

describe('findings 18 and 19: channel scripts must exist; the demo order stand-in only with the demo', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  it('refuses a channel scriptId that is not a script of this workspace (the old tree stored it)', async () => {
    const created = await s.api('POST', '/channels', { type: 'api', name: 'x', scriptId: 'scr_nowhere' });
    expect(created.status).toBe(400);
    expect(created.body.error.code).toBe('VALIDATION_FAILED');
    const channel = (await s.api('POST', '/channels', { type: 'api', name: 'y' })).body.id;
    expect((await s.api('PATCH', `/channels/${channel}`, { scriptId: 'scr_nowhere' })).status).toBe(400);
    expect((await s.api('PATCH', `/channels/${channel}`, { scriptId: null })).status).toBe(200);
  });

  it('/demo/orders/:n is 404 where no demo workspace exists (the old tree answered everywhere)', async () => {
    expect((await fetch(`${s.url}/demo/orders/SB-10001`)).status).toBe(404);
  });
});
