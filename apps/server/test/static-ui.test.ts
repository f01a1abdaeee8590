import Fastify from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs build script without types
import { precompress } from '../../../scripts/precompress.mjs';
import { staticUiFrom } from '../src/http/static-ui.ts';

describe('static console and widget files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-static-'));
  const app = Fastify();
  const script = `console.log(${JSON.stringify('x'.repeat(20_000))});`;
  beforeAll(async () => {
    mkdirSync(join(dir, 'console', 'assets'), { recursive: true });
    mkdirSync(join(dir, 'widget'), { recursive: true });
    writeFileSync(join(dir, 'console', 'index.html'), '<!doctype html><script src="/assets/index-abc123.js"></script>');
    writeFileSync(join(dir, 'console', 'assets', 'index-abc123.js'), script);
    writeFileSync(join(dir, 'widget', 'widget.js'), script);
    precompress(join(dir, 'console'));
    precompress(join(dir, 'widget'));
    await app.register(staticUiFrom({ consoleDir: join(dir, 'console'), widgetDir: join(dir, 'widget') }));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends hashed assets brotli-compressed and cached for a year', async () => {
    const res = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.rawPayload.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(script);
  });

  it('sends gzip to a browser without brotli, and plain bytes to one that asks for neither', async () => {
    const gz = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('has the browser revalidate index.html, and caches widget.js for five minutes', async () => {
    const index = await app.inject({ url: '/', headers: { 'accept-encoding': 'br' } });
    expect(index.statusCode).toBe(200);
    expect(index.headers['cache-control']).toBe('no-cache');
    const widget = await app.inject({ url: '/widget.js', headers: { 'accept-encoding': 'br' } });
    expect(widget.statusCode).toBe(200);
    expect(widget.headers['content-encoding']).toBe('br');
    expect(widget.headers['cache-control']).toBe('public, max-age=300');
  });
});
