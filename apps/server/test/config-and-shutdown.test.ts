import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('lists every invalid variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SECRET_KEY: 'short', LOG_LEVEL: 'loud', DATABASE_PREPARED_STATEMENTS: 'yes' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'SECRET_KEY', 'LOG_LEVEL', 'DATABASE_PREPARED_STATEMENTS']) expect(message).toContain(name);
  });

  it('defaults: port 3000, ./data, demo on without an admin token and off with one', () => {
    expect(loadConfig({})).toMatchObject({ PORT: 3000, DATA_DIR: './data', DATABASE_PREPARED_STATEMENTS: '1', demo: true });
    expect(loadConfig({ SWITCHBOARD_ADMIN_TOKEN: 'token-for-tests' }).demo).toBe(false);
    expect(loadConfig({ SWITCHBOARD_ADMIN_TOKEN: 'token-for-tests', SWITCHBOARD_DEMO: '1' }).demo).toBe(true);
  });
});

function startProcess(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SWITCHBOARD_ADMIN_TOKEN: 'process-test-token', SWITCHBOARD_DEMO: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
      if (match && output.includes('Demo workspace ready')) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, ready, exited, output: () => output };
}

const headers = { authorization: 'Bearer process-test-token', 'content-type': 'application/json' };

describe('the real process', () => {
  it('serves the demo workspace; on SIGTERM finishes in-flight requests, and every acknowledged message is there after a restart', { timeout: 180_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sb-proc-'));
    const first = startProcess(dataDir);
    const url = await first.ready;
    expect(first.output()).toContain('admin@demo.switchboard.local');
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.switchboard.local', password: 'switchboard' }),
    });
    expect(login.status).toBe(200);
    const channel = await (await fetch(`${url}/api/v1/channels`, { method: 'POST', headers, body: JSON.stringify({ type: 'api', name: 'x' }) })).json();
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      fetch(`${url}/api/v1/channels/${channel.id}/inbound`, { method: 'POST', headers, body: JSON.stringify({ contact: { externalId: `p${i}` }, text: 'hi' }) }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    first.child.kill('SIGTERM');
    const statuses = (await Promise.allSettled(inFlight)).map((r) => (r.status === 'fulfilled' ? r.value.status : 'refused'));
    expect(await first.exited).toBe(0);
    // Each request completed normally or was refused before it was read: none failed half-way.
    for (const status of statuses) expect([201, 503, 'refused']).toContain(status);
    const acknowledged = statuses.filter((status) => status === 201).length;
    expect(acknowledged).toBeGreaterThan(0);

    const second = startProcess(dataDir);
    const again = await second.ready;
    const list = await (await fetch(`${again}/api/v1/conversations?channelId=${channel.id}&limit=500`, { headers })).json();
    expect(list.items).toHaveLength(acknowledged);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    await rm(dataDir, { recursive: true, force: true });
  });
});
