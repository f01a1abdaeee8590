/* global fetch, setTimeout */
// `npm run start:cluster`: N server processes behind HAProxy on one PostgreSQL and one Redis
// (docs/deploy.md). The HAProxy configuration is generated into a temporary directory.
//
//   DATABASE_URL=postgres://… REDIS_URL=redis://… CLUSTER_SIZE=3 PORT=3000 npm run start:cluster
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = process.env;
const size = Number(env.CLUSTER_SIZE ?? 3);
const port = Number(env.PORT ?? 3000);
const smtpPort = Number(env.SMTP_PORT ?? 2525);
// Each process on its own loopback ports; only HAProxy listens where clients connect.
const basePort = Number(env.CLUSTER_BASE_PORT ?? 3100);
const host = env.HOST ?? '0.0.0.0';
// HAProxy needs about two file descriptors per connection: stay under `ulimit -n`.
const maxconn = Number(env.CLUSTER_MAXCONN ?? 8000);

const children = [];
function fail(message) {
  console.error(message);
  for (const child of children) child.kill('SIGTERM');
  process.exit(1);
}
if (!env.DATABASE_URL) fail('start:cluster needs DATABASE_URL (PostgreSQL): PGlite is one process’s database');
if (!env.REDIS_URL) fail('start:cluster needs REDIS_URL: the processes share stream events and cache invalidations through Redis');
if (!Number.isInteger(size) || size < 1 || size > 32) fail('CLUSTER_SIZE must be 1–32');
if (spawnSync('haproxy', ['-v'], { stdio: 'ignore' }).status !== 0) fail('haproxy is not installed: apt-get install haproxy (Debian), or see docs/deploy.md for nginx');

const backends = Array.from({ length: size }, (_, i) => ({ name: `sb${i + 1}`, port: basePort + i, smtp: basePort + 100 + i }));

function haproxyConfig() {
  const servers = (key, extra) => backends.map((b) => `  server ${b.name} 127.0.0.1:${b[key]} ${extra}`).join('\n');
  return `global
  maxconn ${maxconn}

defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  # An open WebSocket is quiet for long stretches: the tunnel timeout applies once upgraded.
  timeout tunnel 1h
  option http-server-close

frontend http
  bind ${host}:${port}
  default_backend switchboard

backend switchboard
  balance leastconn
  option httpchk GET /healthz
  http-check expect status 200
  # Out of rotation after two failed checks (2 s), back after one good one.
  default-server inter 1s fall 2 rise 1
  retry-on conn-failure empty-response 503
  retries 2
  option redispatch
${servers('port', 'check')}

frontend smtp
  mode tcp
  bind ${host}:${smtpPort}
  timeout client 5m
  default_backend smtp

backend smtp
  mode tcp
  timeout server 5m
  balance leastconn
${servers('smtp', 'check')}
`;
}

function startProcess(b) {
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...env, PORT: String(b.port), HOST: '127.0.0.1', SMTP_PORT: String(b.smtp) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`${b.name} exited (${signal ?? code}); HAProxy takes it out of rotation`);
  });
  children.push(child);
}

async function healthy(b, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${b.port}/healthz`).then((r) => r.ok, () => false);
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill(signal);
  setTimeout(() => process.exit(0), 15_000).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((resolve) => c.once('exit', resolve))))).then(() => process.exit(0));
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(signal));

// The first process alone first: it applies migrations and creates the demo or
// admin workspace; then the others start together.
startProcess(backends[0]);
if (!(await healthy(backends[0], 120_000))) fail(`${backends[0].name} did not become healthy`);
for (const b of backends.slice(1)) startProcess(b);
await Promise.all(backends.slice(1).map((b) => healthy(b, 120_000)));

const dir = mkdtempSync(join(tmpdir(), 'switchboard-haproxy-'));
const configPath = join(dir, 'haproxy.cfg');
writeFileSync(configPath, haproxyConfig());
const proxy = spawn('haproxy', ['-f', configPath, '-db'], { stdio: ['ignore', 'inherit', 'inherit'] });
children.push(proxy);
proxy.on('exit', (code) => {
  if (!stopping) fail(`haproxy exited with ${code} (config: ${configPath})`);
});
console.log(`Switchboard cluster: ${size} processes behind HAProxy on http://${host === '0.0.0.0' ? 'localhost' : host}:${port} (config ${configPath})`);
