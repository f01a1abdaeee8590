import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import { call, percentile } from './lib/http-client.ts';
import { startDeployment } from './lib/server-process.ts';

/**
 * Stream fan-out at scale (issue #13, SPEC §6): `BENCH_SOCKETS` (default
 * 10,000) sockets spread over `BENCH_PROCS` (default 3) server processes on
 * one PostgreSQL and Redis — agents' console sockets and web-chat visitors'
 * sockets — then events made through every process. Prints memory per socket
 * (the processes' RSS before and after connecting, divided by their sockets;
 * and the same after a full GC in each process, with its V8 heap and its
 * buffers apart: bench/lib/memory-probe.mjs, loaded into the servers by this bench only)
 * and the time from sending a change to the last entitled agent socket
 * receiving it (an upper bound of commit → socket: the events go out before
 * the answer does), beside a bare `ws` broadcast to as
 * many sockets in the same run (goal: < 10 KB per socket, p99 < 50 ms,
 * within 3× of bare ws). Run: `npx tsx bench/fanout.ts`.
 */

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 10_000);
const PROCS = Number(process.env.BENCH_PROCS ?? 3);
const VISITOR_SHARE = Number(process.env.BENCH_VISITOR_SHARE ?? 0.2);
const AGENTS = 50;
const EVENTS = Number(process.env.BENCH_EVENTS ?? 40);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Usage = { rss: number; heapUsed: number; external: number; arrayBuffers: number };
const PROBE_DIR = mkdtempSync(join(tmpdir(), 'sb-fanout-mem-'));

/** Each server collects its garbage and writes its process.memoryUsage() (memory-probe.mjs). */
async function afterGc(pids: number[]): Promise<Usage[]> {
  const files = pids.map((pid) => join(PROBE_DIR, `${pid}.json`));
  for (const f of files) rmSync(f, { force: true });
  for (const pid of pids) process.kill(pid, 'SIGUSR2');
  const t0 = performance.now();
  while (!files.every((f) => existsSync(f))) {
    if (performance.now() - t0 > 30_000) throw new Error('memory probe did not answer');
    await sleep(50);
  }
  return files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Usage);
}
const sum = (usages: Usage[], key: keyof Usage) => usages.reduce((a, u) => a + u[key], 0);

function open(url: string, onFrame: (frame: { type: string; data: Record<string, unknown> }) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('message', (raw) => onFrame(JSON.parse(raw.toString())));
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Opens `n` sockets, `batch` at a time (a connect storm of 10,000 at once measures the kernel, not the server). */
async function openMany(n: number, make: (i: number) => Promise<WebSocket>, batch = 200): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < n; i += batch) sockets.push(...(await Promise.all(Array.from({ length: Math.min(batch, n - i) }, (_, k) => make(i + k)))));
  return sockets;
}

async function bareWs(n: number): Promise<{ p50: number; p99: number }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  const received = new Map<number, number>();
  const sockets = await openMany(n, () =>
    open(`ws://127.0.0.1:${port}`, (frame) => {
      const i = frame.data.i as number;
      received.set(i, (received.get(i) ?? 0) + 1);
      if (received.get(i) === n) lastAt.set(i, performance.now());
    }),
  );
  const lastAt = new Map<number, number>();
  const latencies: number[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const t0 = performance.now();
    const text = JSON.stringify({ type: 'message.created', data: { i, text: 'hello' } });
    for (const client of server.clients) client.send(text);
    while (!lastAt.has(i) && performance.now() - t0 < 5000) await sleep(1);
    latencies.push((lastAt.get(i) ?? Infinity) - t0);
    await sleep(50);
  }
  for (const s of sockets) s.terminate();
  server.close();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export async function main() {
  const probe = new URL('./lib/memory-probe.mjs', import.meta.url).pathname;
  const servers = await startDeployment('postgres', PROCS, REDIS_URL, { env: { MEMORY_PROBE_DIR: PROBE_DIR }, nodeArgs: ['--expose-gc', '--import', probe] });
  const first = servers[0]!;
  const sockets: WebSocket[] = [];
  try {
    const { url, token } = first;
    const api = (i: number) => servers[i % servers.length]!.url;
    const channel = (await call(url, 'POST', '/channels', token, { type: 'api', name: 'api', bot: false })).body.id as string;
    const webchat = (await call(url, 'POST', '/channels', token, { type: 'webchat', name: 'chat', bot: true })).body.id as string;
    const agentTokens: string[] = [];
    for (let i = 0; i < AGENTS; i++) {
      const email = `f${i}@bench.local`;
      await call(url, 'POST', '/agents', token, { name: `f${i}`, email, password: 'bench-password-1', role: 'supervisor' });
      const login = await call(url, 'POST', '/auth/login', '', { email, password: 'bench-password-1' });
      if (!login.body?.token) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
      agentTokens.push(login.body.token);
    }
    const before = servers.map((s) => rssKb(s.pid));
    const beforeGc = await afterGc(servers.map((s) => s.pid));

    const visitors = Math.round(SOCKETS * VISITOR_SHARE);
    const agentSockets = SOCKETS - visitors;
    // messageId → how many agent sockets have it; when all have it, the time.
    const counts = new Map<string, number>();
    const lastAt = new Map<string, number>();
    const onAgentFrame = (frame: { type: string; data: Record<string, unknown> }) => {
      if (frame.type !== 'message.created') return;
      const id = String(frame.data.id);
      const n = (counts.get(id) ?? 0) + 1;
      counts.set(id, n);
      if (n === agentSockets) lastAt.set(id, performance.now());
    };
    sockets.push(...(await openMany(agentSockets, (i) => open(`${api(i).replace('http', 'ws')}/api/v1/stream?token=${agentTokens[i % AGENTS]}`, onAgentFrame))));
    let refused = 0;
    const visitorTokens: string[] = [];
    for (let i = 0; i < visitors; i++) {
      // With the admin token: the per-address session limit (SPEC §7) would refuse all but 20 from this one address.
      const session = await call(api(i), 'POST', `/webchat/${webchat}/sessions`, token, {});
      if (session.status === 201 || session.status === 200) visitorTokens.push(session.body.sessionToken);
      else refused++;
    }
    sockets.push(...(await openMany(visitorTokens.length, (i) => open(`${api(i).replace('http', 'ws')}/api/v1/webchat/stream?session=${visitorTokens[i]}`, () => {}))));
    await sleep(2000);
    const after = servers.map((s) => rssKb(s.pid));
    const perSocketKb = (after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0)) / sockets.length;
    const afterGcs = await afterGc(servers.map((s) => s.pid));
    const opened = sockets.length;
    const perSocketGc = (key: keyof Usage) => (sum(afterGcs, key) - sum(beforeGc, key)) / 1024 / opened;

    const latencies: number[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const t0 = performance.now();
      const res = await call(api(i), 'POST', `/channels/${channel}/inbound`, token, { contact: { externalId: `fan-${i % 5}` }, text: `event ${i}` });
      const id = String(res.body.messageId);
      while (!lastAt.has(id) && performance.now() - t0 < 10_000) await sleep(1);
      // From the request, not the answer: the events go out before the answer does (an upper bound of commit → socket).
      latencies.push((lastAt.get(id) ?? Infinity) - t0);
      await sleep(50);
    }
    latencies.sort((a, b) => a - b);
    for (const s of sockets) s.terminate();
    sockets.length = 0;
    const bare = await bareWs(agentSockets);

    console.log(`\nStream fan-out: ${agentSockets} agent + ${visitorTokens.length} visitor sockets over ${PROCS} processes (PostgreSQL + Redis)${refused ? `, ${refused} visitor sessions refused` : ''}\n`);
    console.log('| | p50 ms | p99 ms | max ms |');
    console.log('|---|---:|---:|---:|');
    console.log(`| request sent → last agent socket (${EVENTS} events) | ${percentile(latencies, 50).toFixed(1)} | ${percentile(latencies, 99).toFixed(1)} | ${latencies.at(-1)!.toFixed(1)} |`);
    console.log(`| bare ws broadcast to ${agentSockets} sockets, same run | ${bare.p50.toFixed(1)} | ${bare.p99.toFixed(1)} | |`);
    console.log(`\nMemory: ${perSocketKb.toFixed(1)} KB per socket (RSS of the ${PROCS} processes before and after connecting: ${before.join('/')} → ${after.join('/')} KB)`);
    console.log(
      `After a full GC in each process, per socket: RSS ${perSocketGc('rss').toFixed(1)} KB, V8 heap used ${perSocketGc('heapUsed').toFixed(1)} KB, ` +
        `external ${perSocketGc('external').toFixed(1)} KB (of it ArrayBuffers ${perSocketGc('arrayBuffers').toFixed(1)} KB); ` +
        `heap used ${beforeGc.map((u) => Math.round(u.heapUsed / 1024)).join('/')} → ${afterGcs.map((u) => Math.round(u.heapUsed / 1024)).join('/')} KB`,
    );
  } finally {
    rmSync(PROBE_DIR, { recursive: true, force: true });
    for (const s of sockets) s.terminate();
    for (const s of servers.slice(1)) await s.stop();
    await first.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
