import { request } from 'node:http';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { call, percentile } from './lib/http-client.ts';
import { startServer, type ServerUnderTest } from './lib/server-process.ts';

/**
 * Web-chat visitor sockets beside the API (issue #11 finding 3): with none,
 * 300 idle and 300 queued visitor sockets open on one server (PostgreSQL),
 * 20 API handoffs one after the other, and `/healthz` asked every 10 ms
 * meanwhile. Before the room index (streams/room.ts) each socket ran 1–2
 * queries per status change in its workspace. Run: `npx tsx bench/sockets.ts`.
 */

const VISITORS = Number(process.env.BENCH_VISITORS ?? 300);
const HANDOFFS = 20;

type Scenario = 'none' | 'idle' | 'queued';

interface Row {
  scenario: string;
  handoffsMs: number;
  handoffP99: number;
  healthP50: number;
  healthP99: number;
  healthMax: number;
}

function healthz(url: string): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    request(`${url}/healthz`, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - t0));
    })
      .on('error', reject)
      .end();
  });
}

async function openVisitors(server: ServerUnderTest, channel: string, queued: boolean): Promise<WebSocket[]> {
  // The bootstrap admin token is not rate limited (SPEC §7); 300 sessions from one address would be.
  const sockets: WebSocket[] = [];
  for (let i = 0; i < VISITORS; i++) {
    const session = await call(server.url, 'POST', `/webchat/${channel}/sessions`, server.token, {});
    const token = session.body.sessionToken as string;
    if (queued) await call(server.url, 'POST', '/webchat/messages', token, { text: `visitor ${i} waiting` });
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/webchat/stream?session=${token}`);
    await new Promise((resolve, reject) => {
      ws.once('message', resolve);
      ws.once('error', reject);
    });
    sockets.push(ws);
    if ((i + 1) % 100 === 0) console.error(`  ${i + 1} visitor sockets open`);
  }
  return sockets;
}

async function scenario(kind: Scenario): Promise<Row> {
  console.error(`scenario: ${kind}`);
  const server = await startServer('postgres');
  console.error('  server up');
  try {
    const { url, token } = server;
    const api = (await call(url, 'POST', '/channels', token, { type: 'api', name: 'api', bot: false })).body.id;
    // Visitors ask for a skill nobody has: they stay queued while the API handoffs are served.
    const chat = (await call(url, 'POST', '/channels', token, { type: 'webchat', name: 'chat', bot: false, skills: ['vip'], config: {} })).body.id;
    const agent = (await call(url, 'POST', '/agents', token, { name: 'a', email: 'a@bench.local', capacity: 100 })).body.id;
    await call(url, 'PUT', `/agents/${agent}/presence`, token, { presence: 'ready' });
    const sockets = kind === 'none' ? [] : await openVisitors(server, chat, kind === 'queued');
    await new Promise((resolve) => setTimeout(resolve, 500)); // let the connects' position checks settle

    const health: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        health.push(await healthz(url));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const each: number[] = [];
    const started = performance.now();
    for (let i = 0; i < HANDOFFS; i++) {
      const t0 = performance.now();
      const res = await call(url, 'POST', `/channels/${api}/inbound`, token, { contact: { externalId: `h-${i}` }, text: 'help' });
      if (res.status !== 201) throw new Error(`handoff: ${res.status} ${JSON.stringify(res.body)}`);
      each.push(performance.now() - t0);
    }
    const handoffsMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
    sampling = false;
    await sampler;
    for (const ws of sockets) ws.close();
    health.sort((x, y) => x - y);
    each.sort((x, y) => x - y);
    const label = kind === 'none' ? 'no visitor sockets' : `${VISITORS} ${kind} visitor sockets`;
    return { scenario: label, handoffsMs, handoffP99: percentile(each, 99), healthP50: percentile(health, 50), healthP99: percentile(health, 99), healthMax: health.at(-1)! };
  } finally {
    await server.stop();
  }
}

export async function main() {
  const rows: Row[] = [];
  for (const kind of ['none', 'idle', 'queued'] as const) rows.push(await scenario(kind));
  console.log(`\n### Visitor sockets beside ${HANDOFFS} API handoffs (PostgreSQL, one process)\n`);
  console.log('| sockets | 20 handoffs | handoff p99 | /healthz p50 | /healthz p99 | /healthz max |');
  console.log('|---|---|---|---|---|---|');
  const f = (n: number) => `${n.toFixed(1)} ms`;
  for (const r of rows) console.log(`| ${r.scenario} | ${f(r.handoffsMs)} | ${f(r.handoffP99)} | ${f(r.healthP50)} | ${f(r.healthP99)} | ${f(r.healthMax)} |`);
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
