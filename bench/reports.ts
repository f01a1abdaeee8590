import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { call, percentile } from './lib/http-client.ts';
import { startServer } from './lib/server-process.ts';

/**
 * Issue #16: a 12-month report over 10 M conversations answers in < 500 ms
 * p99 on PostgreSQL. The real server runs on a database of its own (created
 * and dropped here); the year is generated with generate_series straight
 * into `report_facts` (one row per conversation, as the rollup job writes
 * it, wrap-ups and ratings included) and `report_rollups` is built from them
 * by the same sums the job adds, so every summary figure (CSAT and wrap-up too)
 * is read from the rollups as in production.
 * The history tables are not generated: the fold's agreement with the
 * history is the reconciliation test's (apps/server/test/reports-reconcile.test.ts);
 * this measures what a report reads. Run: `npx tsx bench/reports.ts`
 * (BENCH_REPORTS_N conversations, default 10 000 000; BENCH_RUNS requests per report;
 * BENCH_VACUUM=0 to measure straight after the bulk load, without the
 * `VACUUM ANALYZE` a deployment's autovacuum would have run by then).
 */

const N = Number(process.env.BENCH_REPORTS_N ?? 10_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const VACUUM = process.env.BENCH_VACUUM !== '0';
const YEAR = 365 * 86_400_000;
const T0 = Date.UTC(2025, 11, 1);

/** CPU time (user + system, ms) a process has used: the machine's load does not inflate it. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function generate(client: pg.Client, ws: string) {
  // Bulk load: no WAL for the generated rows (reads are the same as on logged tables).
  await client.query('ALTER TABLE report_facts SET UNLOGGED');
  await client.query('ALTER TABLE report_rollups SET UNLOGGED');
  await client.query('DROP INDEX report_facts_period');
  await client.query(`INSERT INTO tags (id, workspace_id, name, created_at) SELECT 'tag' || i, $1, 'tag ' || i, 0 FROM generate_series(0, 2) i`, [ws]);
  // Pseudo-random but deterministic per conversation g: r in 0..99 picks the outcome.
  await client.query(
    `INSERT INTO report_facts (conversation_id, workspace_id, bucket, handoff_at, channel_id, group_key, tag_ids, agent_ids, answered_at, completed_at,
       wait_ms, within_target, abandoned, short_abandon, first_response_ms, handle_ms, transfers, csat, wrap_up_ms, agents)
     SELECT 'cv' || g, $1, h - h % 3600000, h, 'ch' || (g % 5), grp,
       CASE WHEN r < 60 THEN jsonb_build_array('tag' || (r % 3)) ELSE '[]'::jsonb END,
       CASE WHEN r >= 8 THEN jsonb_build_array(agent) ELSE '[]'::jsonb END,
       CASE WHEN r >= 8 THEN h + w END, h + w + 60000 + (g * 17) % 600000,
       CASE WHEN r >= 8 THEN w END, r >= 8 AND w <= 20000, r < 8, r < 2,
       CASE WHEN r >= 8 THEN (g * 13) % 60000 END, CASE WHEN r >= 8 THEN 60000 + (g * 17) % 600000 END,
       (r = 99)::int, CASE WHEN r >= 8 AND r < 38 THEN 1 + g % 5 END, CASE WHEN r >= 8 AND r < 80 THEN (g * 23) % 180000 END,
       CASE WHEN r >= 8 THEN jsonb_build_array(jsonb_build_object('agentId', agent, 'segments', 1, 'handled', 1, 'handleMs', 60000 + (g * 17) % 600000,
         'firstResponseMs', (g * 13) % 60000, 'firstResponseN', 1, 'transfersIn', 0, 'transfersOut', (r = 99)::int,
         'wrapUpMs', CASE WHEN r < 80 THEN (g * 23) % 180000 ELSE 0 END, 'wrapUpN', (r < 80)::int)) ELSE '[]'::jsonb END
     FROM (SELECT g, ${T0}::int8 + (g::int8 * ${YEAR}) / $2 AS h, (g * 7919) % 100 AS r, (g * 31) % 120000 AS w,
             (ARRAY['', 'english', 'billing,english', 'french'])[1 + (g / 5) % 4] AS grp, 'agt' || ((g / 5) % 4 * 10 + g % 10) AS agent
           FROM generate_series(0::int8, $2::int8 - 1) g) x`,
    [ws, N],
  );
  await client.query('CREATE INDEX report_facts_period ON report_facts (workspace_id, handoff_at)');
  const sums = `count(*) FILTER (WHERE answered_at IS NOT NULL), count(*) FILTER (WHERE abandoned), count(*) FILTER (WHERE short_abandon), count(*) FILTER (WHERE within_target),
    coalesce(sum(wait_ms), 0), coalesce(sum(first_response_ms), 0), count(first_response_ms), coalesce(sum(handle_ms), 0), count(handle_ms), sum(transfers),
    coalesce(sum(csat), 0), count(csat), coalesce(sum(wrap_up_ms), 0), count(wrap_up_ms)`;
  const cols = `handled, abandoned, short_abandoned, within_target, wait_ms, first_response_ms, first_response_n, handle_ms, handle_n, transfers, csat_sum, csat_n,
    wrap_up_ms, wrap_up_n`;
  const into = `INSERT INTO report_rollups (workspace_id, dim, span, bucket, channel_id, group_key, dim_id`;
  await client.query(`${into}, ${cols})
    SELECT workspace_id, 'all', 'h', bucket, channel_id, group_key, '', ${sums} FROM report_facts GROUP BY workspace_id, bucket, channel_id, group_key`);
  // Hour of day in UTC is the hour bucket's own hour: its rows are the 'all' rows under another key.
  await client.query(`${into}, ${cols})
    SELECT workspace_id, 'hod', 'h', bucket, channel_id, group_key, ((bucket / 3600000) % 24)::text, ${cols} FROM report_rollups WHERE dim = 'all'`);
  await client.query(`${into}, ${cols})
    SELECT workspace_id, 'tag', 'h', bucket, channel_id, group_key, tag_ids->>0, ${sums} FROM report_facts WHERE tag_ids <> '[]' GROUP BY workspace_id, bucket, channel_id, group_key, tag_ids->>0`);
  await client.query(`${into}, segments, handled, handle_ms, handle_n, first_response_ms, first_response_n, transfers_out, wrap_up_ms, wrap_up_n)
    SELECT workspace_id, 'agent', 'h', bucket, channel_id, group_key, agent_ids->>0, count(*), count(*), sum(handle_ms), count(*), sum(first_response_ms), count(*), sum(transfers),
      coalesce(sum(wrap_up_ms), 0), count(wrap_up_ms)
    FROM report_facts WHERE agent_ids <> '[]' GROUP BY workspace_id, bucket, channel_id, group_key, agent_ids->>0`);
  // Days and months (UTC here) are sums of the hours, as the job adds each fact to all three.
  const all = `${cols}, segments, transfers_in, transfers_out`;
  const summed = all.split(/,\s*/).map((c) => `sum(${c})`).join(', ');
  for (const [span, start] of [['d', 'bucket - bucket % 86400000'], ['m', "(extract(epoch FROM date_trunc('month', to_timestamp(bucket / 1000) AT TIME ZONE 'UTC')) * 1000)::int8"]]) {
    await client.query(`${into}, ${all}) SELECT workspace_id, dim, '${span}', ${start}, channel_id, group_key, dim_id, ${summed}
      FROM report_rollups WHERE span = 'h' GROUP BY workspace_id, dim, ${start}, channel_id, group_key, dim_id`);
  }
  await client.query('ANALYZE report_facts');
  await client.query('ANALYZE report_rollups');
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

export async function main() {
  const server = await startServer('postgres');
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    const ws = (await client.query('SELECT id FROM workspaces LIMIT 1')).rows[0].id as string;
    // One report first: the workspace's fold state is stored, so the generated facts are not folded again.
    await call(server.url, 'GET', '/reports/summary', server.token);
    const started = performance.now();
    await generate(client, ws);
    const generation = (performance.now() - started) / 1000;
    // What autovacuum does to freshly loaded tables (visibility map, hint bits, statistics) — this server runs with it off.
    let vacuum = 'no VACUUM after the load';
    if (VACUUM) {
      const t = performance.now();
      await client.query('VACUUM ANALYZE report_facts');
      await client.query('VACUUM ANALYZE report_rollups');
      vacuum = `VACUUM ANALYZE after the load ${((performance.now() - t) / 1000).toFixed(0)} s`;
    }
    const rollupRows = Number((await client.query('SELECT count(*) FROM report_rollups')).rows[0].count);
    const size = (await client.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`)).rows[0].s as string;
    // 12 months, cut at odd minutes: whole hours from the rollups plus two cut hours from the facts.
    const from = new Date(T0 + 17 * 60_000).toISOString();
    const to = new Date(T0 + YEAR - 43 * 60_000).toISOString();
    const period = `from=${from}&to=${to}`;
    const reports = {
      summary: `/reports/summary?${period}`,
      'summary, one channel + skill': `/reports/summary?${period}&channelId=ch2&skill=english`,
      agents: `/reports/agents?${period}`,
      channels: `/reports/channels?${period}`,
      tags: `/reports/tags?${period}`,
      'series by month': `/reports/series?${period}&granularity=month`,
      'series by day': `/reports/series?${period}&granularity=day`,
      'hours of day': `/reports/hours?${period}`,
    };
    console.log(`\n### bench/reports — ${N.toLocaleString('en')} conversations over 12 months on PostgreSQL`);
    console.log(`generated in ${generation.toFixed(0)} s; ${vacuum}; ${rollupRows.toLocaleString('en')} rollup rows; database ${size}; load average before the requests ${load()}`);
    console.log(`first = the report's first request after the load (cold: its rows not yet read); then ${RUNS} sequential requests (warm)\n`);
    console.log('| 12-month report | first ms | p50 ms | p99 ms | max ms | server CPU ms / request |');
    console.log('|---|---|---|---|---|---|');
    for (const [name, path] of Object.entries(reports)) {
      const t0 = performance.now();
      const cold = await call(server.url, 'GET', path, server.token);
      const first = performance.now() - t0;
      if (cold.status !== 200) throw new Error(`${path}: ${cold.status} ${JSON.stringify(cold.body)}`);
      const times: number[] = [];
      const cpu = cpuMs(server.pid);
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        const res = await call(server.url, 'GET', path, server.token);
        times.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      times.sort((a, b) => a - b);
      const perRequest = (cpuMs(server.pid) - cpu) / RUNS;
      console.log(`| ${name} | ${first.toFixed(0)} | ${percentile(times, 50).toFixed(0)} | ${percentile(times, 99).toFixed(0)} | ${times.at(-1)!.toFixed(0)} | ${perRequest.toFixed(1)} |`);
    }
    const check = (await call(server.url, 'GET', reports.summary, server.token)).body;
    console.log(`\nsummary: offered ${check.offered}, handled ${check.handled}, SL ${check.serviceLevel.ratio}, ASA ${check.averageSpeedOfAnswerSeconds} s, CSAT ${check.csat.average} (${check.csat.responses}), wrap-up ${check.averageWrapUpSeconds} s; load average after ${load()}`);
    // The database's own time for the summary's rollup read (12 month rows per channel × group, plus the ends).
    const plan = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) SELECT sum(handled), sum(wait_ms) FROM report_rollups WHERE workspace_id = $1 AND dim = 'all'
      AND ((span = 'm' AND bucket >= $2 AND bucket < $3) OR (span = 'd' AND bucket >= $4 AND bucket < $5))`, [ws, T0 + 31 * 86_400_000, T0 + 334 * 86_400_000, T0 + 86_400_000, T0 + 31 * 86_400_000]);
    console.log(`\nsummary rollup read on the database: ${plan.rows[0]['QUERY PLAN'][0]['Execution Time'].toFixed(1)} ms (EXPLAIN ANALYZE)`);
  } finally {
    await client.end();
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
