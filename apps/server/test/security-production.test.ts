import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { killHard, startServerProcess, type ServerProcess } from './support/server-process.ts';

const PRODUCTION = { NODE_ENV: 'production', SECRET_KEY: 'a-production-secret-0123456789', SWITCHBOARD_ADMIN_TOKEN: 'production-admin-token' };

/** TCP ports a process listens on, read from /proc (its socket inodes against the kernel's LISTEN table). */
function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = readlinkSync(`/proc/${pid}/fd/${fd}`).match(/^socket:\[(\d+)\]$/);
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols: sl local rem st tx:rx tr:when retrnsmt uid timeout inode
      if (cols[3] === '0A' && inodes.has(cols[9]!)) ports.add(parseInt(cols[1]!.split(':')[1]!, 16));
    }
  }
  return [...ports].sort();
}

/**
 * Issue #11 ("NODE_ENV=production … binds nothing extra"). On the old tree a
 * production process listened for SMTP on 2525 although nobody asked for it.
 */
describe('production binds only what it was told to', () => {
  let server: ServerProcess | undefined;
  afterAll(async () => {
    if (server) await killHard(server);
  });

  it('the SMTP listener needs SMTP_PORT in production; development keeps 2525', () => {
    expect(loadConfig(PRODUCTION).smtpPort).toBeUndefined();
    expect(loadConfig({ ...PRODUCTION, SMTP_PORT: '2526' }).smtpPort).toBe(2526);
    expect(loadConfig({ SWITCHBOARD_ADMIN_TOKEN: 'dev-admin-token' }).smtpPort).toBe(2525);
  });

  it('a bare demo start listens on loopback only (its passwords are published); with an admin token, or HOST set, as asked', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ SWITCHBOARD_ADMIN_TOKEN: 'dev-admin-token' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ SWITCHBOARD_ADMIN_TOKEN: 'dev-admin-token', SWITCHBOARD_DEMO: '1' }).HOST).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('a production process without SMTP_PORT listens on its HTTP port and nothing else', async () => {
    server = startServerProcess({ ...PRODUCTION, DATA_DIR: 'memory://', SMTP_PORT: '' });
    const url = await server.ready;
    // The channel runtime starts after listen: wait for its line, then look.
    const deadline = Date.now() + 20_000;
    while (!server.output().includes('SMTP') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.output()).toContain('no SMTP listener');
    expect(listeningPorts(server.child.pid!)).toEqual([Number(new URL(url).port)]);
  }, 60_000);
});
