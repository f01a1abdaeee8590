import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunOwnPostgres, OwnPostgres } from '../support/own-postgres.ts';
import { killHard, startServerProcess, type ServerProcess } from '../support/server-process.ts';

const TOKEN = 'first-start-admin-token';

async function untilLogged(p: ServerProcess, text: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (!p.output().includes(text)) {
    if (!p.alive()) throw new Error(`exited before "${text}":\n${p.output()}`);
    if (Date.now() > until) throw new Error(`no "${text}" in:\n${p.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Three processes of a fresh deployment starting at once on an empty database (a cluster of the test's own). */
describe.runIf(canRunOwnPostgres)('first start of several processes together', () => {
  let cluster: OwnPostgres;
  const processes: ServerProcess[] = [];
  beforeAll(async () => {
    cluster = await OwnPostgres.create();
  });
  afterAll(async () => {
    for (const p of processes) await killHard(p);
    await cluster?.destroy();
  });

  it('migrate and seed once: all three healthy, one admin workspace, one demo workspace', { timeout: 180_000 }, async () => {
    for (let i = 0; i < 3; i++) processes.push(startServerProcess({ DATABASE_URL: cluster.url(), SWITCHBOARD_ADMIN_TOKEN: TOKEN, SWITCHBOARD_DEMO: '1' }));
    const urls = await Promise.all(processes.map((p) => p.ready));
    await Promise.all(processes.map((p) => untilLogged(p, 'Demo workspace ready')));
    for (const url of urls) expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const client = new pg.Client({ connectionString: cluster.url() });
    await client.connect();
    const workspaces = await client.query<{ is_demo: boolean; n: number }>('SELECT is_demo, count(*)::int AS n FROM workspaces GROUP BY is_demo ORDER BY is_demo');
    const admins = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM api_tokens WHERE kind = 'admin'`);
    await client.end();
    expect(workspaces.rows).toEqual([
      { is_demo: false, n: 1 },
      { is_demo: true, n: 1 },
    ]);
    expect(admins.rows[0]!.n).toBe(1);
    for (const p of processes) expect(p.alive()).toBe(true);
  });
});
