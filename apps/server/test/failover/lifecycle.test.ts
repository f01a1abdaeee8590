import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../harness.ts';

/** Two HTTP/1.1 requests on one keep-alive socket; the second is written only when `between` resolves. */
async function twoOnOneSocket(baseUrl: string, first: string, second: string, between: () => Promise<void>) {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect(Number(port), hostname);
  let data = '';
  socket.on('data', (chunk) => (data += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(`GET ${first} HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n`);
  await between();
  socket.write(`GET ${second} HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n`);
  await closed;
  return data;
}

describe('health, readiness and shutdown answers', () => {
  it('/healthz and /readyz answer 200 with the database up and this build migrated', async () => {
    const s = await startTestServer();
    for (const path of ['/healthz', '/readyz']) {
      const res = await fetch(`${s.url}${path}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true });
    }
    await s.close();
  });

  it('a request arriving while the server shuts down gets 503 SHUTTING_DOWN with the error body and Retry-After', async () => {
    let release!: () => void;
    let entered!: () => void;
    const inSlow = new Promise<void>((resolve) => (entered = resolve));
    const slow = async (app: any) => {
      app.get('/slow', async () => {
        entered();
        await new Promise<void>((resolve) => (release = resolve));
        return { slow: true };
      });
    };
    const s = await startTestServer({ app: { rootPlugins: [slow] } });
    let closing: Promise<void> | undefined;
    const raw = await twoOnOneSocket(s.url, '/slow', '/readyz', async () => {
      await inSlow;
      closing = s.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      release();
    });
    await closing;
    const [, second] = raw.split(/(?=HTTP\/1\.1 )/);
    expect(raw).toContain('{"slow":true}');
    expect(second).toMatch(/^HTTP\/1\.1 503/);
    expect(second!.toLowerCase()).toContain('retry-after: 1');
    const body = JSON.parse(second!.slice(second!.indexOf('\r\n\r\n') + 4));
    expect(body).toEqual({ error: { code: 'SHUTTING_DOWN', message: expect.any(String) } });
  });
});
