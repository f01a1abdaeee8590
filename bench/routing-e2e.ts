import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { call, percentile } from './lib/http-client.ts';
import { startDeployment } from './lib/server-process.ts';
import { machineSpan, type MachineShare } from './lib/machine-share.ts';

/**
 * End to end on PostgreSQL: from a customer's message on a bot-less channel
 * (an immediate handoff) to the agent's `conversation.assigned` frame on the
 * WebSocket, at a steady rate — with the load real traffic brings: each
 * agent closes its conversation `BENCH_HOLD_MS` after it was assigned (0: never
 * closes), so closes queue behind the same workspace lock as the handoffs.
 * With `BENCH_PROCS=3` three server processes share the database and Redis;
 * requests go round-robin and the socket listens on the first. The first
 * seconds after the processes start are their own row (cold), then the
 * steady state (warm).
 *
 * Customers write while they wait and while they are served, and agents
 * answer, as real traffic does (`BENCH_TALK=0` turns it off): a customer's
 * second message right after the hand-off's answer (the conversation is
 * waiting, or already assigned), and halfway through the hold the agent's
 * reply and the customer's third message; the agent closes at the end of the
 * hold, or once its reply is answered if that is later. Those messages' request times are
 * their own columns.
 *
 * `BENCH_CLOSE_TOOLS` turns on the agent tools that work at close, comma
 * separated: `wrapup` (a `BENCH_WRAPUP_S` hold, 30 s, that the agent ends
 * `BENCH_WRAPUP_END_MS` after the close, 200 ms, as a person would: one more
 * routing request each), `csat` (the survey to the customer), `tags` (tags
 * required at close; the agent gives one in the close).
 *
 *   BENCH_RATE=100,200,300 BENCH_HOLD_MS=200 BENCH_PROCS=1 npx tsx bench/routing-e2e.ts
 *   BENCH_CLOSE_TOOLS=wrapup,csat BENCH_RATE=100 npx tsx bench/routing-e2e.ts
 */

const RATES = String(process.env.BENCH_RATE ?? 200)
  .split(',')
  .map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const HOLD_MS = Number(process.env.BENCH_HOLD_MS ?? 200);
const PROCS = Number(process.env.BENCH_PROCS ?? 1);
const COLD_SECONDS = 3;
const AGENTS = Number(process.env.BENCH_AGENTS ?? 20);
const CAPACITY = Number(process.env.BENCH_CAPACITY ?? 10);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOOLS = new Set(
  String(process.env.BENCH_CLOSE_TOOLS ?? '')
    .split(',')
    .filter(Boolean),
);
const TALK = process.env.BENCH_TALK !== '0';
const WRAPUP_S = Number(process.env.BENCH_WRAPUP_S ?? 30);
const WRAPUP_END_MS = Number(process.env.BENCH_WRAPUP_END_MS ?? 200);
for (const t of TOOLS) if (!['wrapup', 'csat', 'tags'].includes(t)) throw new Error(`BENCH_CLOSE_TOOLS: unknown ${t} (wrapup, csat, tags)`);

interface Phase {
  /** The machine's share over the phase (steal, load): a VM's figures move with its neighbours. */
  machine: MachineShare;
  label: string;
  rate: number;
  achieved: number;
  assigned: number;
  total: number;
  closed: number;
  p50: number;
  p99: number;
  max: number;
  closeP99: number;
  /** Customers' follow-ups and agents' replies (BENCH_TALK): how many per second, and their request p99. */
  messagesPerSecond: number;
  messageP99: number;
  /** The phase's statements over its requests (hand-offs, closes, wrap-up ends, messages). */
  statementsPerRequest: number;
  /** The bench client's own event-loop delay p99: a frame is timed when the client's loop gets to it, so this much of a latency may be the client's. */
  clientLoopP99Ms: number;
  routingEventsPerSecond: number;
  lock: LockFigures;
}

/** The routing lock as the processes' /metrics saw it during a phase (summed over the processes). */
interface LockFigures {
  transactionsPerSecond: number;
  busyShare: number;
  heldMs: number;
  waitMs: number;
  /** Of the phase's routing transactions, how many found their engine rebuilt from the tables / caught up from the input log. */
  rebuilt: number;
  caughtUp: number;
  /** Hand-offs and closes sent to the process that routes the workspace (routing-relay.ts; 3 processes with Redis). */
  relayed: number;
  /** Statement texts the processes had named by the phase's end, and the phase's runs of texts that found no name (past 500). */
  namedTexts: number;
  unnamedRuns: number;
  /** Every statement the processes sent in the phase (BEGIN and COMMIT included): round trips, whatever the machine's speed. */
  statements: number;
  /** Customer messages and agent replies that took the transactional path in the phase (a direct write declined). */
  transactional: number;
  /** The slowest process's event-loop delay p99 over the phase (prom-client resets it at each read): how long work waited for the loop. */
  loopDelayP99Ms: number;
}

async function lockTotals(urls: string[]) {
  const totals = { heldSum: 0, count: 0, waitSum: 0, rebuilt: 0, caughtUp: 0, relayed: 0, namedTexts: 0, unnamedRuns: 0, statements: 0, transactional: 0, loopDelayP99Ms: 0, at: performance.now() };
  for (const url of urls) {
    const text = await (await fetch(`${url}/metrics`)).text();
    const value = (name: string) =>
      Number(
        text
          .split('\n')
          .find((line) => line.startsWith(`${name} `))
          ?.split(' ')[1] ?? 0,
      );
    totals.heldSum += value('switchboard_routing_lock_held_seconds_sum');
    totals.count += value('switchboard_routing_lock_held_seconds_count');
    totals.waitSum += value('switchboard_routing_lock_wait_seconds_sum');
    totals.rebuilt += value('switchboard_routing_engine_total{source="rebuilt"}');
    totals.caughtUp += value('switchboard_routing_engine_total{source="caught_up"}');
    totals.relayed += value('switchboard_routing_relay{what="forwarded"}');
    totals.namedTexts += value('switchboard_db_statements{what="named_texts"}');
    totals.unnamedRuns += value('switchboard_db_statements{what="unnamed_runs"}');
    totals.loopDelayP99Ms = Math.max(totals.loopDelayP99Ms, value('nodejs_eventloop_lag_p99_seconds') * 1000);
    totals.transactional += value('switchboard_write_path{what="inbound",path="transactional"}') + value('switchboard_write_path{what="reply",path="transactional"}');
    totals.statements += ['named_runs', 'unnamed_runs', 'plain_runs'].reduce((sum, what) => sum + value(`switchboard_db_statements{what="${what}"}`), 0);
  }
  return totals;
}

function lockBetween(a: Awaited<ReturnType<typeof lockTotals>>, b: Awaited<ReturnType<typeof lockTotals>>): LockFigures {
  const seconds = (b.at - a.at) / 1000;
  const n = b.count - a.count;
  return {
    transactionsPerSecond: n / seconds,
    busyShare: (b.heldSum - a.heldSum) / seconds,
    heldMs: n > 0 ? ((b.heldSum - a.heldSum) / n) * 1000 : NaN,
    waitMs: n > 0 ? ((b.waitSum - a.waitSum) / n) * 1000 : NaN,
    rebuilt: b.rebuilt - a.rebuilt,
    caughtUp: b.caughtUp - a.caughtUp,
    relayed: b.relayed - a.relayed,
    namedTexts: b.namedTexts,
    unnamedRuns: b.unnamedRuns - a.unnamedRuns,
    statements: b.statements - a.statements,
    transactional: b.transactional - a.transactional,
    loopDelayP99Ms: b.loopDelayP99Ms,
  };
}

export async function main(kind: 'postgres' | 'pglite' = 'postgres') {
  for (const rate of RATES) await run(kind, rate);
}

async function run(kind: 'postgres' | 'pglite', rate: number) {
  const servers = await startDeployment(kind, PROCS, REDIS_URL);
  const [first] = servers;
  try {
    const { url, token } = first!;
    const urls = servers.map((s) => s.url);
    let turn = 0;
    const next = () => urls[turn++ % urls.length]!;
    const channel = (await call(url, 'POST', '/channels', token, { type: 'api', name: 'direct', bot: false })).body.id;
    const closeBody = await closeTools(url, token);
    // Without closes every handoff needs a seat of its own for the whole run.
    const agents = HOLD_MS > 0 ? AGENTS : Math.max(AGENTS, Math.ceil((rate * (SECONDS + COLD_SECONDS)) / CAPACITY) + 1);
    for (let i = 0; i < agents; i++) {
      const created = await call(url, 'POST', '/agents', token, { name: `a${i}`, email: `a${i}@bench.local`, capacity: CAPACITY });
      if (created.status !== 201) throw new Error(`agent not created: ${JSON.stringify(created.body)}`);
      await call(url, 'PUT', `/agents/${created.body.id}/presence`, token, { presence: 'ready' });
    }
    const assignedAt = new Map<string, number>();
    const closeLatency: number[] = [];
    const messageLatency: number[] = [];
    const contactOf = new Map<string, string>();
    const talk = (path: string, body: unknown) => {
      const t0 = performance.now();
      return call(next(), 'POST', path, token, body).then((res) => {
        if (res.status !== 201 && res.status !== 200) return void failures.push(`message ${res.status} ${res.body?.error?.code}`);
        messageLatency.push(performance.now() - t0);
      });
    };
    const closing: Promise<void>[] = [];
    let closed = 0;
    let wrapUpsEnded = 0;
    const failures: string[] = [];
    let measuring = true;
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/stream?token=${token}`);
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString());
      if (frame.type !== 'conversation.assigned' || assignedAt.has(frame.data.id)) return;
      assignedAt.set(frame.data.id, performance.now());
      if (HOLD_MS <= 0) return;
      const { id, agentId } = frame.data as { id: string; agentId: string };
      const externalId = contactOf.get(id);
      // The agent closes once its reply is in, as a person would: never a reply to a closed conversation.
      let replied: Promise<void> = Promise.resolve();
      if (TALK && externalId)
        setTimeout(() => {
          if (!measuring) return;
          replied = talk(`/conversations/${id}/messages`, { agentId, text: 'Let me look into that for you.' });
          closing.push(replied);
          closing.push(talk(`/channels/${channel}/inbound`, { contact: { externalId }, text: 'Thanks, the order number is 12345' }));
        }, HOLD_MS / 2);
      closing.push(
        new Promise((r) => setTimeout(r, HOLD_MS)).then(async () => {
          // Assignments that arrive after the run (a backlog) are not closed: the processes are stopping.
          if (!measuring) return;
          await replied;
          if (!measuring) return;
          const t0 = performance.now();
          const res = await call(next(), 'POST', `/conversations/${id}/close`, token, { agentId, ...closeBody });
          if (res.status !== 200) return void failures.push(`close ${res.status} ${res.body?.error?.code}`);
          closeLatency.push(performance.now() - t0);
          closed++;
          if (!TOOLS.has('wrapup')) return;
          // The agent finishes its notes and ends the hold (the seat is counted until then).
          await new Promise((r) => setTimeout(r, WRAPUP_END_MS));
          const end = await call(next(), 'POST', `/conversations/${id}/wrap-up/end`, token, {});
          if (end.status !== 200) return void failures.push(`wrap-up end ${end.status} ${end.body?.error?.code}`);
          wrapUpsEnded++;
        }),
      );
    });
    await new Promise((resolve) => ws.once('open', resolve));

    let contact = 0;
    async function phase(label: string, seconds: number): Promise<Phase> {
      const sentAt = new Map<string, number>();
      const total = rate * seconds;
      const closedBefore = closed;
      const endedBefore = wrapUpsEnded;
      const lockBefore = await lockTotals(urls);
      const machine = machineSpan();
      const clientLoop = monitorEventLoopDelay({ resolution: 10 });
      clientLoop.enable();
      closeLatency.length = 0;
      messageLatency.length = 0;
      const started = performance.now();
      const requests: Promise<void>[] = [];
      for (let i = 0; i < total; i++) {
        const due = started + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const t0 = performance.now();
        const externalId = `c${contact++}`;
        requests.push(
          call(next(), 'POST', `/channels/${channel}/inbound`, token, { contact: { externalId }, text: 'I need a person' }).then(async (res) => {
            if (res.status !== 201 && res.status !== 200) return void failures.push(`inbound ${res.status} ${res.body?.error?.code}`);
            sentAt.set(res.body.conversationId, t0);
            contactOf.set(res.body.conversationId, externalId);
            if (TALK) await talk(`/channels/${channel}/inbound`, { contact: { externalId }, text: 'It is about my order from last week' });
          }),
        );
      }
      await Promise.all(requests);
      const elapsed = (performance.now() - started) / 1000;
      const achieved = total / elapsed;
      await new Promise((r) => setTimeout(r, 500));
      const latencies = [...sentAt]
        .filter(([id]) => assignedAt.has(id))
        .map(([id, t0]) => assignedAt.get(id)! - t0)
        .sort((a, b) => a - b);
      const closes = [...closeLatency].sort((a, b) => a - b);
      const messages = [...messageLatency].sort((a, b) => a - b);
      const closedNow = closed - closedBefore;
      const endedNow = wrapUpsEnded - endedBefore;
      const lock = lockBetween(lockBefore, await lockTotals(urls));
      clientLoop.disable();
      return {
        lock,
        machine: machine.end(),
        label,
        rate,
        achieved,
        assigned: latencies.length,
        total,
        closed: closedNow,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? NaN,
        closeP99: percentile(closes, 99),
        messagesPerSecond: messages.length / (elapsed + 0.5),
        messageP99: percentile(messages, 99),
        clientLoopP99Ms: clientLoop.percentile(99) / 1e6,
        statementsPerRequest: lock.statements / (total + closedNow + endedNow + messages.length),
        // Handoffs, closes and wrap-up ends all route; each is one routing event.
        routingEventsPerSecond: (total + closedNow + endedNow) / (elapsed + 0.5),
      };
    }

    const phases = [await phase(`cold: first ${COLD_SECONDS} s after start`, COLD_SECONDS), await phase(`warm: next ${SECONDS} s`, SECONDS)];
    // Closes scheduled during the last phase still run: wait for them before the processes stop.
    await new Promise((r) => setTimeout(r, HOLD_MS + (TOOLS.has('wrapup') ? WRAPUP_END_MS : 0) + 1000));
    measuring = false;
    await Promise.all(closing);
    ws.close();
    if (failures.length > 0) {
      const counts = new Map<string, number>();
      for (const f of failures) counts.set(f, (counts.get(f) ?? 0) + 1);
      console.log(`\nFailed requests: ${[...counts].map(([k, n]) => `${n} × ${k}`).join(', ')}`);
    }
    const label = `${first!.label}, ${PROCS} process${PROCS > 1 ? 'es' : ''}, ${agents} agents of capacity ${CAPACITY}, ${HOLD_MS > 0 ? `closed ${HOLD_MS} ms after assignment` : 'never closed'}, ${toolsLabel()}, ${TALK ? 'customers write while waiting and served, agents reply' : 'no messages but the first'}`;
    console.log(`\nHandoff → WebSocket assigned (${label})\n`);
    console.log(
      '| phase | handoffs /s | achieved /s | routing events /s | assigned | closed | p50 ms | p99 ms | max ms | close p99 ms | messages /s | message p99 ms | lock txns /s | lock busy | held ms/txn | wait ms/txn | engines rebuilt / caught up | relayed | named texts / unnamed runs | statements per request | messages declined to a transaction | server loop delay p99 ms | client loop delay p99 ms | load | CPU steal |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const p of phases) {
      console.log(
        `| ${p.label} | ${p.rate} | ${p.achieved.toFixed(0)} | ${p.routingEventsPerSecond.toFixed(0)} | ${p.assigned}/${p.total} | ${p.closed} | ${p.p50.toFixed(2)} | ${p.p99.toFixed(2)} | ${p.max.toFixed(2)} | ${p.closeP99.toFixed(2)} | ${p.messagesPerSecond.toFixed(0)} | ${p.messageP99.toFixed(2)} | ${p.lock.transactionsPerSecond.toFixed(0)} | ${(p.lock.busyShare * 100).toFixed(0)} % | ${p.lock.heldMs.toFixed(2)} | ${p.lock.waitMs.toFixed(2)} | ${p.lock.rebuilt} / ${p.lock.caughtUp} | ${p.lock.relayed} | ${p.lock.namedTexts} / ${p.lock.unnamedRuns} | ${p.statementsPerRequest.toFixed(2)} | ${p.lock.transactional} | ${p.lock.loopDelayP99Ms.toFixed(1)} | ${p.clientLoopP99Ms.toFixed(1)} | ${p.machine.load.toFixed(2)} | ${(p.machine.stealShare * 100).toFixed(1)} % |`,
      );
    }
  } finally {
    for (const s of servers.slice(1)) await s.stop();
    await first!.stop();
  }
}

/** Turns on the agent tools of BENCH_CLOSE_TOOLS; answers what a close must then carry. */
async function closeTools(url: string, token: string): Promise<{ tags?: string[] }> {
  const ok = (what: string, res: { status: number; body: any }) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  if (TOOLS.has('csat')) ok('csat', await call(url, 'PATCH', '/settings/csat', token, { enabled: true }));
  const settings = { ...(TOOLS.has('wrapup') && { wrapUpSeconds: WRAPUP_S }), ...(TOOLS.has('tags') && { tagsRequiredAtClose: true }) };
  if (Object.keys(settings).length > 0) ok('agent tools', await call(url, 'PATCH', '/settings/agent-tools', token, settings));
  if (!TOOLS.has('tags')) return {};
  ok('tag', await call(url, 'POST', '/tags', token, { name: 'bench' }));
  return { tags: ['bench'] };
}

function toolsLabel() {
  if (TOOLS.size === 0) return 'no agent tools at close';
  const each = [...TOOLS].map((t) =>
    t === 'wrapup' ? `wrap-up ${WRAPUP_S} s ended ${WRAPUP_END_MS} ms after the close` : t === 'csat' ? 'survey' : 'tags required',
  );
  return `agent tools at close: ${each.join(', ')}`;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main((process.argv[2] as 'postgres' | 'pglite') ?? 'postgres');
