import { pathToFileURL } from 'node:url';
import { call, percentile } from './lib/http-client.ts';
import { startServer } from './lib/server-process.ts';

/**
 * Login timing (issue #11 findings 13 and 17): a wrong password for a known
 * email, any password for an unknown email, the right password, and a
 * locked-out attempt, sequentially on an otherwise idle server (PGlite).
 * Known and unknown should take the same time (enumeration); a locked-out
 * attempt should cost no hash. Run: `npx tsx bench/login.ts`.
 */
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 5);

async function timed(url: string, body: unknown) {
  const t0 = performance.now();
  const res = await call(url, 'POST', '/auth/login', '', body);
  return { ms: performance.now() - t0, status: res.status };
}

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

export async function main() {
  const server = await startServer('pglite');
  try {
    const rows: Array<[string, number[], Set<number>]> = [];
    const record = (label: string) => {
      const row: [string, number[], Set<number>] = [label, [], new Set()];
      rows.push(row);
      return (r: { ms: number; status: number }) => (row[1].push(r.ms), row[2].add(r.status));
    };
    const emails = Array.from({ length: SAMPLES }, (_, i) => `bench-${i}@login.example`);
    for (const email of emails) await call(server.url, 'POST', '/agents', server.token, { name: email, email, password: 'right-password' });
    const known = record('known email, wrong password');
    const unknown = record('unknown email');
    const right = record('known email, right password');
    for (let i = 0; i < SAMPLES; i++) {
      known(await timed(server.url, { email: emails[i], password: 'wrong' }));
      unknown(await timed(server.url, { email: `nobody-${i}@login.example`, password: 'wrong' }));
      right(await timed(server.url, { email: emails[i], password: 'right-password' }));
    }
    for (let i = 0; i < 10; i++) await timed(server.url, { email: emails[0], password: `wrong-${i}` });
    const locked = record('locked out (after 10 failures)');
    for (let i = 0; i < SAMPLES; i++) locked(await timed(server.url, { email: emails[0], password: 'right-password' }));
    console.log('\n| login attempt | median ms | statuses |\n|---|---|---|');
    for (const [label, ms, statuses] of rows) console.log(`| ${label} | ${median(ms).toFixed(0)} | ${[...statuses].join(', ')} |`);
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
