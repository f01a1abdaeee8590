import { pathToFileURL } from 'node:url';
import { call, percentile } from './lib/http-client.ts';
import { startServer, type ServerUnderTest } from './lib/server-process.ts';

/**
 * Inbound messages per second through POST /channels/:id/inbound, with p50/p99
 * latency, on PGlite and PostgreSQL, with 1 and 50 concurrent clients. Each
 * message carries a unique externalMessageId (the idempotent path real
 * channels take) and goes to one of 500 contacts, so conversations exist and
 * grow as in production. The bot is silent (no rules, no articles: each
 * message is stored and refreshes the inactivity deadline); a last row per
 * database has a keyword rule answer every message (two messages and a
 * history row stored per request). Then, on a bot-less channel, messages
 * into conversations that are `waiting` (no agent ready) and `processing`
 * (every conversation assigned), a warm process and on PostgreSQL also a
 * process started a moment before (cold: its first seconds, JIT and all).
 * Run: `npx tsx bench/ingest.ts`.
 */

const CONTACTS = 500;
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 8) * 1000;

interface Row {
  database: string;
  bot: string;
  clients: number;
  messages: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function run(server: ServerUnderTest, channelId: string, clients: number, bot = 'silent', durationMs = DURATION_MS): Promise<Row> {
  const latencies: number[] = [];
  let errors = 0;
  let seq = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (performance.now() < deadline) {
        const n = seq++;
        const t0 = performance.now();
        const res = await call(server.url, 'POST', `/channels/${channelId}/inbound`, server.token, {
          contact: { externalId: `contact-${(n * 7 + c) % CONTACTS}` },
          text: `message ${n}`,
          externalMessageId: `bench-${bot}-${clients}-${n}`,
        });
        latencies.push(performance.now() - t0);
        if (res.status >= 300) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { database: server.label, bot, clients, messages: latencies.length, perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

export async function main() {
  const rows: Row[] = [];
  for (const kind of ['pglite', 'postgres'] as const) {
    const server = await startServer(kind);
    try {
      const channel = await call(server.url, 'POST', '/channels', server.token, { type: 'api', name: 'bench', bot: true });
      await run(server, channel.body.id, 10); // warm-up: JIT, caches, contacts and conversations created
      for (const clients of [1, 50]) rows.push(await run(server, channel.body.id, clients));
      const rule = await call(server.url, 'POST', '/bot/keywords', server.token, { match: 'contains', pattern: 'message', reply: 'Thanks, we got your message.' });
      if (rule.status !== 201) throw new Error(`keyword rule not created: ${JSON.stringify(rule.body)}`);
      rows.push(await run(server, channel.body.id, 50, 'answers'));
      // The row counts only if the bot did answer.
      const probe = await call(server.url, 'POST', `/channels/${channel.body.id}/inbound`, server.token, { contact: { externalId: 'contact-1' }, text: 'one more message' });
      const transcript = await call(server.url, 'GET', `/conversations/${probe.body.conversationId}/messages`, server.token);
      const last = transcript.body.items.at(-1);
      if (last?.sender !== 'bot') throw new Error(`the bot did not answer: ${JSON.stringify(last)}`);
    } finally {
      await server.stop();
    }
  }
  for (const kind of ['pglite', 'postgres'] as const) rows.push(...(await routedConversations(kind)));
  console.log(`\nIngest (${DURATION_MS / 1000} s per row, server in its own process)\n`);
  console.log('| database | bot | clients | messages | messages/s | p50 ms | p99 ms | errors |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.database} | ${r.bot} | ${r.clients} | ${r.messages} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} |`);
  }
}

/** Messages from customers whose conversations wait for an agent, then are with one: stored only, whatever the status. */
async function routedConversations(kind: 'pglite' | 'postgres'): Promise<Row[]> {
  const rows: Row[] = [];
  const server = await startServer(kind);
  try {
    const { url, token } = server;
    const channel = (await call(url, 'POST', '/channels', token, { type: 'api', name: 'people', bot: false })).body.id as string;
    // Every contact's conversation opened (and queued: nobody is ready), one request at a time.
    for (let c = 0; c < CONTACTS; c++) await call(url, 'POST', `/channels/${channel}/inbound`, token, { contact: { externalId: `contact-${c}` }, text: 'hello' });
    const waiting = (await call(url, 'GET', '/routing', token)).body.waiting as number;
    if (waiting < CONTACTS) throw new Error(`expected ${CONTACTS} waiting conversations, found ${waiting}`);
    if (kind === 'postgres') {
      const fresh = await startServer(kind, {}, [], { join: server });
      try {
        rows.push(await run(fresh, channel, 50, 'none: waiting, process started just before (cold)', 3000));
      } finally {
        await fresh.stop();
      }
    }
    rows.push(await run(server, channel, 50, 'none: waiting'));
    for (let i = 0; i < 10; i++) {
      const agent = (await call(url, 'POST', '/agents', token, { name: `a${i}`, email: `a${i}@bench.local`, capacity: CONTACTS / 10 })).body.id;
      await call(url, 'PUT', `/agents/${agent}/presence`, token, { presence: 'ready' });
    }
    const routing = (await call(url, 'GET', '/routing', token)).body as { agents: Array<{ load: number }> };
    const processing = routing.agents.reduce((n, a) => n + a.load, 0);
    if (processing < CONTACTS) throw new Error(`expected ${CONTACTS} processing conversations, found ${processing}`);
    rows.push(await run(server, channel, 50, 'none: processing'));
  } finally {
    await server.stop();
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
