import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { call, percentile } from './lib/http-client.ts';
import { startServer } from './lib/server-process.ts';

/**
 * End to end on PostgreSQL: from a customer's message on a bot-less channel
 * (an immediate handoff) to the agent's `conversation.assigned` frame on the
 * WebSocket, at a steady rate. The first seconds after start (JIT, the pool's
 * connections, the engine's first load) are printed as their own row, then
 * the steady state is measured. Run: `npx tsx bench/routing-e2e.ts`.
 */

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP_SECONDS = 3;
const CAPACITY = 100; // the most one agent may hold

interface Phase {
  label: string;
  rate: number;
  achieved: number;
  assigned: number;
  total: number;
  p50: number;
  p99: number;
  max: number;
}

export async function main(kind: 'postgres' | 'pglite' = 'postgres') {
  const server = await startServer(kind);
  try {
    const { url, token } = server;
    const channel = (await call(url, 'POST', '/channels', token, { type: 'api', name: 'direct', bot: false })).body.id;
    // Room for every handoff of both phases, so nothing waits for capacity.
    const agents = Math.max(20, Math.ceil((RATE * (SECONDS + WARMUP_SECONDS)) / CAPACITY) + 1);
    for (let i = 0; i < agents; i++) {
      const created = await call(url, 'POST', '/agents', token, { name: `a${i}`, email: `a${i}@bench.local`, capacity: CAPACITY });
      if (created.status !== 201) throw new Error(`agent not created: ${JSON.stringify(created.body)}`);
      await call(url, 'PUT', `/agents/${created.body.id}/presence`, token, { presence: 'ready' });
    }
    const assignedAt = new Map<string, number>();
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/stream?token=${token}`);
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString());
      if (frame.type === 'conversation.assigned') assignedAt.set(frame.data.id, performance.now());
    });
    await new Promise((resolve) => ws.once('open', resolve));

    let contact = 0;
    async function phase(label: string, seconds: number): Promise<Phase> {
      const sentAt = new Map<string, number>();
      const total = RATE * seconds;
      const started = performance.now();
      const requests: Promise<void>[] = [];
      for (let i = 0; i < total; i++) {
        const due = started + (i * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const t0 = performance.now();
        requests.push(
          call(url, 'POST', `/channels/${channel}/inbound`, token, { contact: { externalId: `c${contact++}` }, text: 'I need a person' }).then((res) => {
            sentAt.set(res.body.conversationId, t0);
          }),
        );
      }
      await Promise.all(requests);
      const achieved = total / ((performance.now() - started) / 1000);
      await new Promise((r) => setTimeout(r, 500));
      const latencies = [...sentAt].filter(([id]) => assignedAt.has(id)).map(([id, t0]) => assignedAt.get(id)! - t0).sort((a, b) => a - b);
      return { label, rate: RATE, achieved, assigned: latencies.length, total, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN };
    }

    const phases = [await phase(`first ${WARMUP_SECONDS} s after start`, WARMUP_SECONDS), await phase(`steady (next ${SECONDS} s)`, SECONDS)];
    ws.close();
    console.log(`\nHandoff → WebSocket assigned (${server.label}, ${agents} agents of capacity ${CAPACITY})\n`);
    console.log('| phase | target rate /s | achieved /s | assigned | p50 ms | p99 ms | max ms |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const p of phases) {
      console.log(`| ${p.label} | ${p.rate} | ${p.achieved.toFixed(0)} | ${p.assigned}/${p.total} | ${p.p50.toFixed(2)} | ${p.p99.toFixed(2)} | ${p.max.toFixed(2)} |`);
    }
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main((process.argv[2] as 'postgres' | 'pglite') ?? 'postgres');
