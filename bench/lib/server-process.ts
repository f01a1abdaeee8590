import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Runs the real server (`apps/server/src/main.ts`) in its own process, so the
 * load generator in this process does not steal the server's event loop.
 */
export interface ServerUnderTest {
  url: string;
  token: string;
  label: string;
  /** The PostgreSQL database the server runs on (none for PGlite). */
  databaseUrl?: string;
  /** The server's process id, for memory figures (/proc/<pid>/status). */
  pid: number;
  stop(): Promise<void>;
}

export const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `sb_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = buffer.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${buffer.slice(-2000)}`)));
  });
}

let built = false;

/**
 * What a bench's server runs: the compiled bundle, as `npm start` does (built
 * once per bench run from the current sources), so a cold phase measures a
 * production start and not TypeScript being compiled; `BENCH_SERVER_SOURCE=1`
 * runs the sources through tsx instead (profiles with source names).
 */
function serverEntry(): string[] {
  if (process.env.BENCH_SERVER_SOURCE === '1') return ['--import', 'tsx', 'apps/server/src/main.ts'];
  if (!built) {
    const result = spawnSync(process.execPath, ['scripts/build-server.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error('bench: the server bundle did not build (node scripts/build-server.mjs)');
    built = true;
  }
  return ['--enable-source-maps', 'apps/server/dist/main.js'];
}

/** Another process of the same deployment: `startServer(kind, env, args, { join: first })` shares its database and token. */
export interface JoinOptions {
  join?: ServerUnderTest;
}

export async function startServer(
  kind: 'pglite' | 'postgres',
  extraEnv: Record<string, string> = {},
  nodeArgs: string[] = [],
  options: JoinOptions = {},
): Promise<ServerUnderTest> {
  const token = options.join?.token ?? `bench_${randomBytes(10).toString('hex')}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'sb-bench-'));
  const db = kind !== 'postgres' ? null : options.join ? { url: options.join.databaseUrl!, drop: async () => {} } : await freshDatabase();
  const env = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    SWITCHBOARD_ADMIN_TOKEN: token,
    SWITCHBOARD_DEMO: '0',
    // Platform and script stand-ins listen on loopback; production needs no such entry.
    OUTBOUND_ALLOW: '127.0.0.0/8,::1',
    DATA_DIR: dataDir,
    ...(db ? { DATABASE_URL: db.url } : {}),
    ...extraEnv,
  };
  // BENCH_SERVER_NODE_ARGS: extra flags for every server process (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile one under the bench's load).
  const extraArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extraArgs, ...nodeArgs, ...serverEntry()], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await waitForListening(child);
  return {
    url,
    token,
    label: kind === 'postgres' ? 'PostgreSQL' : 'PGlite',
    databaseUrl: db?.url,
    pid: child.pid!,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await db?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * `processes` servers of one deployment: the first makes the database, the others join it; with more
 * than one they share stream events through `redisUrl` under a prefix of this run's own.
 */
export async function startDeployment(
  kind: 'pglite' | 'postgres',
  processes: number,
  redisUrl: string,
  extra: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<ServerUnderTest[]> {
  const env: Record<string, string> = { ...(processes > 1 ? { REDIS_URL: redisUrl, REDIS_PREFIX: `bench-${randomBytes(4).toString('hex')}:` } : {}), ...extra.env };
  const first = await startServer(kind, env, extra.nodeArgs);
  const rest = await Promise.all(Array.from({ length: processes - 1 }, () => startServer(kind, env, extra.nodeArgs, { join: first })));
  return [first, ...rest];
}
