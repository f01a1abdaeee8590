import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { call } from './lib/http-client.ts';
import { startServer } from './lib/server-process.ts';

/**
 * R12's honesty, measured: Poisson arrivals through the real API (a server
 * process on PGlite, a bot-less channel, so every message is a handoff),
 * agents who close each conversation after an exponential handle time. The
 * server's estimate at entering `waiting` (recorded with its waiting
 * message) is compared with the wait that followed (until `assigned`),
 * beside the ideal estimator that knows the true service rate:
 * position / (seats × μ). Each load runs on a fresh server, which learns
 * the handle time from nothing during a warm-up whose arrivals are served
 * but not measured (a running workspace has history); a measured
 * conversation told "no estimate" is counted as such.
 * Run: `npx tsx bench/eta.ts` (about five minutes).
 */

const AGENTS = 2;
const CAPACITY = 2;
const SEATS = AGENTS * CAPACITY;
const MEAN_HANDLE_S = Number(process.env.BENCH_HANDLE_S ?? 1.5);
/** Arrivals before this are served but not measured: a running workspace has history. */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 40);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 40);
const LOADS = [0.5, 0.8, 0.95];

/** mulberry32: the same arrivals and handle times on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const exponential = (rnd: () => number, mean: number) => -Math.log(1 - rnd()) * mean;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Row {
  load: number;
  arrivals: number;
  waited: number;
  noEstimate: number;
  meanWait: number;
  maeServer: number;
  maeIdeal: number;
}

async function runLoad(load: number): Promise<Row> {
  const server = await startServer('pglite');
  try {
    const { url, token } = server;
    const channel = (await call(url, 'POST', '/channels', token, { type: 'api', name: 'eta', bot: false })).body.id as string;
    for (let i = 0; i < AGENTS; i++) {
      const agent = (await call(url, 'POST', '/agents', token, { name: `a${i}`, email: `a${i}@eta.bench`, capacity: CAPACITY })).body;
      await call(url, 'PUT', `/agents/${agent.id}/presence`, token, { presence: 'ready' });
    }
    const rnd = random(Math.round(load * 1000));
    const closing: Promise<unknown>[] = [];
    const open = new Set<string>();
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/stream?token=${token}`);
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString());
      if (frame.type !== 'conversation.assigned') return;
      const { id, agentId } = frame.data;
      const handle = exponential(rnd, MEAN_HANDLE_S) * 1000;
      closing.push(sleep(handle).then(() => call(url, 'POST', `/conversations/${id}/close`, token, { agentId }).then(() => open.delete(id))));
    });
    await new Promise((resolve) => ws.once('open', resolve));

    const rate = (load * SEATS) / MEAN_HANDLE_S; // arrivals per second: ρ = λ / (c μ)
    const ids: string[] = [];
    const started = performance.now();
    let next = 0;
    for (let n = 0; next < (WARMUP_SECONDS + SECONDS) * 1000; n++) {
      const wait = started + next - performance.now();
      if (wait > 0) await sleep(wait);
      const res = await call(url, 'POST', `/channels/${channel}/inbound`, token, { contact: { externalId: `c${n}` }, text: 'help' });
      if (next >= WARMUP_SECONDS * 1000) ids.push(res.body.conversationId);
      open.add(res.body.conversationId);
      next += exponential(rnd, 1000 / rate);
    }
    // Let the queue drain: every conversation is assigned (and closed) before reading the history.
    for (let i = 0; i < 600 && open.size > 0; i++) await sleep(200);
    await Promise.all(closing);
    ws.close();
    return await measure(url, token, ids, load);
  } finally {
    await server.stop();
  }
}

async function measure(url: string, token: string, ids: string[], load: number): Promise<Row> {
  const serverErrors: number[] = [];
  const idealErrors: number[] = [];
  const waits: number[] = [];
  let noEstimate = 0;
  for (const id of ids) {
    const events = (await call(url, 'GET', `/conversations/${id}/events`, token)).body.items as Array<{ type: string; cause: string; at: string; data: any }>;
    const told = events.find((e) => e.type === 'policy_message' && e.cause === 'waiting');
    if (!told) continue; // assigned at once: it never waited
    const assigned = events.find((e) => e.type === 'assigned');
    if (!assigned) continue;
    const waited = (Date.parse(assigned.at) - Date.parse(told.at)) / 1000;
    waits.push(waited);
    const estimate = told.data.estimatedWaitSeconds as number | null;
    if (estimate === null) {
      noEstimate++;
      continue;
    }
    serverErrors.push(Math.abs(estimate - waited));
    idealErrors.push(Math.abs((told.data.position as number) / (SEATS / MEAN_HANDLE_S) - waited));
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  return { load, arrivals: ids.length, waited: waits.length, noEstimate, meanWait: mean(waits), maeServer: mean(serverErrors), maeIdeal: mean(idealErrors) };
}

export async function main() {
  console.log(`\n### Wait estimate (R12): ${AGENTS} agents × capacity ${CAPACITY} = ${SEATS} seats, exponential handle time mean ${MEAN_HANDLE_S} s, Poisson arrivals for ${WARMUP_SECONDS} s (not measured) + ${SECONDS} s per load\n`);
  console.log('| load ρ | arrivals | waited | no estimate | mean wait s | MAE server s | MAE ideal s | ratio |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const load of LOADS) {
    const r = await runLoad(load);
    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
    console.log(`| ${r.load} | ${r.arrivals} | ${r.waited} | ${r.noEstimate} | ${f(r.meanWait)} | ${f(r.maeServer)} | ${f(r.maeIdeal)} | ${f(r.maeServer / r.maeIdeal)} |`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
