import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPILED, killHard, REPO_ROOT, startServerProcess, type ServerProcess } from '../support/server-process.ts';

/**
 * `npm start` runs the esbuild bundle, not the sources the rest of the suite
 * runs: this builds it and drives the parts most likely to break in a bundle
 * (files read next to a module, CommonJS packages, lazily loaded ones).
 */
// Once per CI run: in the embedded-database pass (it does not use TEST_DATABASE_URL).
describe.skipIf(process.env.TEST_DATABASE_URL)('the compiled server (npm run build:server)', () => {
  let server: ServerProcess | undefined;
  let dataDir = '';
  afterAll(async () => {
    if (server) await killHard(server);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('builds, migrates an embedded database, seeds the demo, and serves API, docs, stream and inbound', { timeout: 180_000 }, async () => {
    await promisify(execFile)(process.execPath, ['scripts/build-server.mjs'], { cwd: REPO_ROOT });
    dataDir = await mkdtemp(join(tmpdir(), 'sb-compiled-'));
    server = startServerProcess({ DATA_DIR: dataDir, SWITCHBOARD_DEMO: '1', SWITCHBOARD_ADMIN_TOKEN: 'compiled-admin-token' }, COMPILED);
    const url = await server.ready;
    const api = server.api(url);
    for (let i = 0; i < 200 && !server.output().includes('Demo workspace ready'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(server.output()).toContain('Demo workspace ready');
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/api/v1/openapi.json`)).status).toBe(200);
    expect((await fetch(`${url}/api/v1/docs/static/index.html`)).status).toBe(200);
    const login = await api('POST', '/auth/login', { email: 'admin@demo.switchboard.local', password: 'switchboard' }, null);
    expect(login.status).toBe(200);
    const channel = await api('POST', '/channels', { type: 'api', name: 'API', bot: false });
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/stream?token=compiled-admin-token`);
    const frames: string[] = [];
    ws.on('message', (raw) => frames.push(JSON.parse(raw.toString()).type));
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    const inbound = await api('POST', `/channels/${channel.body.id}/inbound`, { contact: { externalId: 'c1' }, text: 'hello', externalMessageId: 'm1' });
    expect(inbound.status).toBe(201);
    for (let i = 0; i < 50 && !frames.includes('conversation.created'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(frames).toContain('conversation.created');
    ws.close();
    expect((await api('GET', '/nowhere')).body.error.code).toBe('NOT_FOUND');
  });
});
