import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { percentile } from './lib/http-client.ts';
import { PG_URL } from './lib/server-process.ts';

/**
 * How long a restart takes: from spawning the server process to its first
 * 200 on /readyz, on a PostgreSQL database that is already migrated (the
 * restart after a crash or a deploy), for the TypeScript sources run through
 * tsx and for the compiled bundle (`npm run build:server`). The two modes
 * alternate so they share the machine's load. Run: `npx tsx bench/cold-start.ts`.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MODES = {
  'tsx (apps/server/src/main.ts)': ['--import', 'tsx', 'apps/server/src/main.ts'],
  'compiled (apps/server/dist/main.js)': ['--enable-source-maps', 'apps/server/dist/main.js'],
};

/** CPU time (user + system) the process has used so far: the machine's load does not inflate it. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in 1/100 s
}

async function startOnce(args: string[], databaseUrl: string): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', SMTP_PORT: '0', LOG_LEVEL: 'info', SWITCHBOARD_DEMO: '0', SWITCHBOARD_ADMIN_TOKEN: 'cold-start-bench', DATABASE_URL: databaseUrl };
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = out.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
  while ((await fetch(`${url}/readyz`).catch(() => undefined))?.status !== 200) await new Promise((r) => setTimeout(r, 10));
  const ms = { wall: performance.now() - started, cpu: cpuMs(child.pid!) };
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return ms;
}

export async function main() {
  if (!existsSync('apps/server/dist/main.js')) spawnSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
  const name = `sb_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const times: Record<string, Array<{ wall: number; cpu: number }>> = Object.fromEntries(Object.keys(MODES).map((m) => [m, []]));
  await startOnce(MODES['compiled (apps/server/dist/main.js)'], url.toString()); // migrates; not counted
  const load = loadavg()[0]!;
  for (let i = 0; i < RUNS; i++) for (const [mode, args] of Object.entries(MODES)) times[mode]!.push(await startOnce(args, url.toString()));
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  console.log(`\n### Restart to ready (${RUNS} runs each, PostgreSQL, load average ${load.toFixed(1)} at start)\n`);
  console.log('| mode | wall min ms | wall p50 ms | wall max ms | CPU p50 ms |\n|---|---:|---:|---:|---:|');
  for (const [mode, t] of Object.entries(times)) {
    const wall = t.map((x) => x.wall).sort((a, b) => a - b);
    const cpu = t.map((x) => x.cpu).sort((a, b) => a - b);
    console.log(`| ${mode} | ${wall[0]!.toFixed(0)} | ${percentile(wall, 50).toFixed(0)} | ${wall.at(-1)!.toFixed(0)} | ${percentile(cpu, 50).toFixed(0)} |`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
