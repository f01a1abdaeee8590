import { FakeClock } from '@switchboard/core';
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import WebSocket from 'ws';
import { loadConfig } from '../src/config.ts';
import { createContainer, type Container, type Overrides } from '../src/container.ts';
import type { Resolver } from '../src/platform/outbound-http.ts';
import { buildApp, type AppOptions } from '../src/http/app.ts';
import { ensureAdminWorkspace } from '../src/workspaces/workspaces.ts';

/**
 * A real server on a real port over a real database: PGlite in memory (or in
 * `dataDir`), or a fresh database on the PostgreSQL server named by
 * TEST_DATABASE_URL. Only the clock is fake.
 */
export interface TestServer {
  url: string;
  app: FastifyInstance;
  container: Container;
  clock: FakeClock;
  adminToken: string;
  workspaceId: string;
  api: Api;
  close(): Promise<void>;
}

export type Api = <T = any>(method: string, path: string, body?: unknown, token?: string | null) => Promise<{ status: number; body: T }>;

export interface TestServerOptions {
  dataDir?: string;
  databaseUrl?: string;
  clock?: FakeClock;
  app?: AppOptions;
  adminToken?: string;
  /** Cross-process streams and cache invalidation through this Redis (with `redisPrefix`: one per test run). */
  redisUrl?: string;
  redisPrefix?: string;
  wrapDb?: Overrides['wrapDb'];
  /** Where the server logs (silent by default); tests that read log lines pass their own. */
  log?: Logger;
  /** OUTBOUND_ALLOW; the stand-ins listen on loopback, so loopback by default. '' allows nothing, as in production. */
  outboundAllow?: string;
  /** DNS for outbound requests (a port): made-up host names resolve to stand-ins. */
  resolver?: Resolver;
  /** More settings for the server (config.ts names), e.g. a small pool with short timeouts. */
  env?: Record<string, string>;
}

/** Every platform stand-in listens on loopback; production needs no such entry. */
export const STAND_IN_ALLOW = '127.0.0.0/8,::1';

export async function freshPostgresDatabase(): Promise<string | undefined> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return undefined;
  const name = `sb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const databaseUrl = options.databaseUrl ?? (options.dataDir ? undefined : await freshPostgresDatabase());
  const config = loadConfig({
    DATA_DIR: options.dataDir ?? 'memory://',
    DATABASE_URL: databaseUrl,
    SECRET_KEY: 'test-secret-key-0123456789',
    LOG_LEVEL: 'silent',
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: options.redisPrefix,
    OUTBOUND_ALLOW: options.outboundAllow ?? STAND_IN_ALLOW,
    ...options.env,
  });
  const clock = options.clock ?? new FakeClock(Date.UTC(2026, 10, 24, 9, 0, 0));
  const container = await createContainer(config, { clock, log: options.log ?? pino({ level: 'silent' }), wrapDb: options.wrapDb, resolver: options.resolver });
  const adminToken = options.adminToken ?? `admin_${randomBytes(12).toString('hex')}`;
  const workspaceId = await ensureAdminWorkspace(container.deps, adminToken);
  const app = await buildApp(container.deps, options.app);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const api = makeApi(address, adminToken);
  return {
    url: address,
    app,
    container,
    clock,
    adminToken,
    workspaceId,
    api,
    close: async () => {
      await app.close();
      await container.close();
      if (databaseUrl && !options.databaseUrl) await dropDatabase(databaseUrl);
    },
  };
}

export async function dropDatabase(url: string) {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  // Without FORCE: the closed pool's connections may still be saying goodbye;
  // forcing would kill them mid-way and surface as errors in the test run.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await admin.end();
}

export function makeApi(baseUrl: string, defaultToken: string | null): Api {
  return async (method, path, body, token = defaultToken) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}

export type Frame = { type: string; data: any };

/** Collects a socket's JSON frames; `next` resolves with the first frame (seen or to come) that matches. */
export function collectFrames(ws: WebSocket) {
  const frames: Frame[] = [];
  const waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  ws.on('message', (raw) => {
    const frame = JSON.parse(raw.toString()) as Frame;
    frames.push(frame);
    for (const w of [...waiters]) {
      if (!w.match(frame)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(frame);
    }
  });
  const next = (match: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame> => {
    const found = frames.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame; got ${JSON.stringify(frames.map((f) => f.type))}`)), timeoutMs);
      waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  };
  return { frames, next };
}

/** The agent/admin stream: resolves once the server said hello, rejects if it closes the socket first. */
export async function connectStream(baseUrl: string, token: string) {
  const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/api/v1/stream?token=${encodeURIComponent(token)}`);
  const { frames, next } = collectFrames(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`stream closed with ${code}`)));
    next((f) => f.type === 'hello', 60_000).then(() => resolve(), reject);
  });
  return { frames, next, close: () => ws.close() };
}
