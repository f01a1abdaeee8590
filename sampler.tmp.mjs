import pg from 'pg';
const c = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'postgres' });
await c.connect();
const counts = new Map(); let samples = 0;
const end = Date.now() + Number(process.argv[2] ?? 30) * 1000;
while (Date.now() < end) {
  const r = await c.query(`SELECT wait_event_type, wait_event, datname || ' ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 90) q FROM pg_stat_activity WHERE datname NOT IN ('postgres') AND datname NOT LIKE '%report%' AND state <> 'idle' AND pid <> pg_backend_pid() AND backend_type = 'client backend'`);
  samples++;
  for (const row of r.rows) { const k = `${row.wait_event_type ?? 'CPU'}/${row.wait_event ?? '-'} | ${row.q}`; counts.set(k, (counts.get(k) ?? 0) + 1); }
  await new Promise((r) => setTimeout(r, 10));
}
console.log('samples', samples);
for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(v, k);
await c.end();
