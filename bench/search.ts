/**
 * Message search at scale (issue #10): one workspace with 1,000,000 messages
 * in 100,000 conversations of Chinese, Japanese and English customer service
 * text, generated straight into PostgreSQL with the same terms the server
 * writes (core documentTerms), then `GET /conversations?q=` through the real
 * server for rare and common words and phrases in the three languages.
 */
import { documentTerms } from '@switchboard/core';
import pg from 'pg';
import { call, percentile } from './lib/http-client.ts';
import { startServer } from './lib/server-process.ts';

const MESSAGES = Number(process.env.SEARCH_BENCH_MESSAGES ?? 1_000_000);
const PER_CONVERSATION = 10;
const RUNS = 40;

const zh = ['請問運費多少錢', '我的訂單還沒到', '我想要退貨', '可以刷信用卡嗎', '發票要怎麼開', '商品有瑕疵', '請幫我取消訂單', '什麼時候出貨', '會員點數怎麼用', '包裹顯示已送達但沒收到'];
const ja = ['注文をキャンセルしたい', '配送料はいくらですか', '返品の方法を教えてください', 'クレジットカードは使えますか', '領収書をお願いします', '商品が届きません', 'ポイントの使い方', '在庫はありますか'];
const en = ['where is my parcel', 'I want a refund for my order', 'can I pay by credit card', 'the item arrived damaged', 'please cancel my subscription', 'how do I reset my password', 'what are your opening hours', 'my invoice is wrong'];
const pools = [zh, ja, en];

/** Deterministic pseudo-random text: a template, an order number, sometimes a rare word. */
function textOf(i: number): string {
  const pool = pools[i % 3]!;
  const base = pool[(i * 7919) % pool.length]!;
  const order = `A${(i * 104_729) % 1_000_000}`;
  const rare = i % 50_000 === 17 ? (i % 3 === 0 ? ' 藍鯨色' : i % 3 === 1 ? ' 紫陽花柄' : ' zebrafish') : '';
  return `${base} ${order}${rare}`;
}

async function seed(url: string, workspaceId: string, channelId: string) {
  const db = new pg.Client({ connectionString: url });
  db.on('error', () => {}); // the database is dropped under it when a run fails
  await db.connect();
  const conversations = MESSAGES / PER_CONVERSATION;
  const start = Date.UTC(2026, 0, 1);
  const chunk = 5_000;
  for (let c0 = 0; c0 < conversations; c0 += chunk) {
    const convs = Array.from({ length: Math.min(chunk, conversations - c0) }, (_, k) => c0 + k);
    const rows = convs.map((c) => ({ id: `conv_b${c}`, contact: `ct_b${c}`, at: start + c * 60_000 }));
    await db.query(
      `INSERT INTO contacts (id, workspace_id, name) SELECT v.contact, $1, NULL FROM jsonb_to_recordset($2::jsonb) AS v(contact text)`,
      [workspaceId, JSON.stringify(rows)],
    );
    await db.query(
      `INSERT INTO conversations (id, workspace_id, channel_id, contact_id, status, message_count, created_at, updated_at, closed_at, close_reason)
       SELECT v.id, $1, $2, v.contact, 'completed', ${PER_CONVERSATION}, v.at, v.at, v.at + 600000, 'agent_closed'
       FROM jsonb_to_recordset($3::jsonb) AS v(id text, contact text, at int8)`,
      [workspaceId, channelId, JSON.stringify(rows)],
    );
    const messages = convs.flatMap((c) =>
      Array.from({ length: PER_CONVERSATION }, (_, n) => {
        const i = c * PER_CONVERSATION + n;
        const text = textOf(i);
        return { id: `msg_b${i}`, conv: `conv_b${c}`, seq: n + 1, sender: n % 2 ? 'agent' : 'customer', text, at: start + c * 60_000 + n * 1000, terms: documentTerms(text) };
      }),
    );
    await db.query(
      `INSERT INTO messages (id, workspace_id, channel_id, conversation_id, seq, sender, text, created_at, search)
       SELECT v.id, $1, $2, v.conv, v.seq, v.sender, v.text, v.at, array_to_tsvector(ARRAY(SELECT jsonb_array_elements_text(v.terms)))
       FROM jsonb_to_recordset($3::jsonb) AS v(id text, conv text, seq int4, sender text, text text, at int8, terms jsonb)`,
      [workspaceId, channelId, JSON.stringify(messages)],
    );
  }
  await db.query('VACUUM ANALYZE messages');
  await db.query('VACUUM ANALYZE conversations');
  await db.end();
}

const QUERIES: Array<[string, string]> = [
  ['zh rare (3 chars)', '藍鯨色'],
  ['zh common phrase', '運費多少'],
  ['zh 2 chars, common', '退貨'],
  ['ja rare', '紫陽花'],
  ['ja common', 'キャンセル'],
  ['en rare word', 'zebrafish'],
  ['en common words', 'credit card'],
  ['order number', 'A104729'],
  ['en prefix while typing', 'refu'],
];

export async function main() {
  const server = await startServer('postgres');
  try {
    const channel = await call(server.url, 'POST', '/channels', server.token, { type: 'api', name: 'bench', bot: false });
    const me = await call(server.url, 'GET', '/me', server.token);
    const t0 = performance.now();
    await seed(server.databaseUrl!, me.body.workspace.id, channel.body.id);
    const seeded = (performance.now() - t0) / 1000;
    console.log(`\n### Message search — ${MESSAGES.toLocaleString('en')} messages, PostgreSQL (seeded in ${seeded.toFixed(0)} s)\n`);
    console.log('| query | matches (first page) | first run ms | p50 ms | p99 ms |');
    console.log('|---|---:|---:|---:|---:|');
    const all: number[] = [];
    for (const [label, q] of QUERIES) {
      const times: number[] = [];
      let first = 0;
      let count = 0;
      for (let r = 0; r < RUNS; r++) {
        const s = performance.now();
        const res = await call(server.url, 'GET', `/conversations?q=${encodeURIComponent(q)}&limit=50`, server.token);
        const ms = performance.now() - s;
        if (res.status !== 200) throw new Error(`${label}: ${res.status} ${JSON.stringify(res.body)}`);
        if (r === 0) {
          first = ms;
          count = res.body.items.length;
        } else times.push(ms);
      }
      times.sort((a, b) => a - b);
      all.push(...times);
      console.log(`| ${label} \`${q}\` | ${count} | ${first.toFixed(1)} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 99).toFixed(1)} |`);
    }
    if (process.env.SEARCH_BENCH_EXPLAIN) await explain(server.databaseUrl!, me.body.workspace.id);
    all.sort((a, b) => a - b);
    console.log(`| **all warm queries** | | | ${percentile(all, 50).toFixed(1)} | ${percentile(all, 99).toFixed(1)} |`);
  } catch (error) {
    console.error(error);
    throw error;
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

/** SEARCH_BENCH_EXPLAIN=1: the plan of the first round of each query (same SQL shape as conversations/conversation-search.ts). */
async function explain(url: string, workspaceId: string) {
  const { queryTerms, toTsQuery } = await import('@switchboard/core');
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  for (const [label, q] of QUERIES) {
    const res = await db.query(
      `EXPLAIN (ANALYZE, BUFFERS) SELECT m.id, m.conversation_id, m.text, m.sender, m.created_at
       FROM messages m JOIN conversations ON conversations.id = m.conversation_id
       WHERE m.workspace_id = $1 AND m.search @@ $2::tsquery AND (conversations.workspace_id = $1)
       ORDER BY m.created_at DESC, m.id DESC LIMIT 200`,
      [workspaceId, toTsQuery(queryTerms(q))],
    );
    console.log(`\n${label}\n${res.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
  await db.end();
}
