import { pathToFileURL } from 'node:url';
import { call, percentile } from './lib/http-client.ts';
import { startServer } from './lib/server-process.ts';

/**
 * Agent tools (issue #15): `GET /canned-responses?q=` over 2,000 responses in
 * Chinese, Japanese and English (a substring scan), and the cost the
 * satisfaction check adds to a new customer's first message (one indexed
 * read when no open conversation exists), CSAT off vs on, sequentially on an
 * otherwise idle server (PGlite). Run: `npx tsx bench/agent-tools.ts`.
 */
const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 2000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 60);

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
const p95 = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    95,
  );

async function timed(fn: () => Promise<unknown>) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function main() {
  const server = await startServer('pglite');
  try {
    const texts = ['退款將於 {{?天數}} 個工作天內退回', 'ご注文は本日発送いたします', 'Your order ships today, {{contact.name}}'];
    for (let i = 0; i < RESPONSES; i++) {
      await call(server.url, 'POST', '/canned-responses', server.token, { shortcut: `r${i}`, text: `${texts[i % 3]} #${i}`, folder: `f${i % 20}` });
    }
    const rows: string[] = [];
    for (const q of ['工作天', '発送', 'ships', 'r19']) {
      const ms: number[] = [];
      for (let i = 0; i < SAMPLES; i++)
        ms.push(await timed(() => call(server.url, 'GET', `/canned-responses?limit=8&q=${encodeURIComponent(q)}`, server.token)));
      rows.push(`| canned search \`${q}\` (${RESPONSES} responses) | ${median(ms).toFixed(1)} | ${p95(ms).toFixed(1)} |`);
    }
    const channel = (await call(server.url, 'POST', '/channels', server.token, { type: 'api', name: 'bench', bot: true })).body as { id: string };
    for (const enabled of [false, true]) {
      await call(server.url, 'PATCH', '/settings/csat', server.token, { enabled });
      const ms: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const body = { contact: { externalId: `c-${enabled}-${i}` }, text: 'hello' };
        ms.push(await timed(() => call(server.url, 'POST', `/channels/${channel.id}/inbound`, server.token, body)));
      }
      rows.push(`| first message of a new contact, CSAT ${enabled ? 'on' : 'off'} | ${median(ms).toFixed(1)} | ${p95(ms).toFixed(1)} |`);
    }
    console.log('| request | median ms | p95 ms |\n|---|---|---|');
    for (const r of rows) console.log(r);
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
