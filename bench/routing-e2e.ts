import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { call, percentile } from './lib/http-client.ts';
import { startServer } from './lib/server-process.ts';

/**
 * End to end on PostgreSQL: from a customer's message on a bot-less channel
 * (an immediate handoff) to the agent's `conversation.assigned` frame on the
 * WebSocket, at a steady rate. Run: `npx tsx bench/routing-e2e.ts`.
 */

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const AGENTS = 20;

export async function main(kind: 'postgres' | 'pglite' = 'postgres') {
  const server = await startServer(kind);
  try {
    const { url, token } = server;
    const channel = (await call(url, 'POST', '/channels', token, { type: 'api', name: 'direct', bot: false })).body.id;
    for (let i = 0; i < AGENTS; i++) {
      const agent = (await call(url, 'POST', '/agents', token, { name: `a${i}`, email: `a${i}@bench.local`, capacity: 100 })).body.id;
      await call(url, 'PUT', `/agents/${agent}/presence`, token, { presence: 'ready' });
    }
    const assignedAt = new Map<string, number>();
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/stream?token=${token}`);
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString());
      if (frame.type === 'conversation.assigned') assignedAt.set(frame.data.id, performance.now());
    });
    await new Promise((resolve) => ws.once('open', resolve));

    const sentAt = new Map<string, number>();
    const total = RATE * SECONDS;
    const started = performance.now();
    const requests: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const t0 = performance.now();
      requests.push(
        call(url, 'POST', `/channels/${channel}/inbound`, token, { contact: { externalId: `c${i}` }, text: 'I need a person' }).then((res) => {
          sentAt.set(res.body.conversationId, t0);
        }),
      );
    }
    await Promise.all(requests);
    const achieved = total / ((performance.now() - started) / 1000);
    await new Promise((r) => setTimeout(r, 500));
    ws.close();
    const latencies = [...sentAt].filter(([id]) => assignedAt.has(id)).map(([id, t0]) => assignedAt.get(id)! - t0).sort((a, b) => a - b);
    console.log(`\nHandoff → WebSocket assigned (${server.label}, ${AGENTS} agents, ${total} handoffs)\n`);
    console.log('| target rate /s | achieved /s | assigned | p50 ms | p99 ms | max ms |');
    console.log('|---:|---:|---:|---:|---:|---:|');
    console.log(`| ${RATE} | ${achieved.toFixed(0)} | ${latencies.length}/${total} | ${percentile(latencies, 50).toFixed(2)} | ${percentile(latencies, 99).toFixed(2)} | ${latencies.at(-1)?.toFixed(2)} |`);
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main((process.argv[2] as 'postgres' | 'pglite') ?? 'postgres');
