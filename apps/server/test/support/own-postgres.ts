import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * Whether the tests on a cluster of their own run: where PostgreSQL's programs
 * are installed, in the PostgreSQL pass (`npm run test:pg`, CI), like the
 * suite's other multi-process tests; the embedded-database pass skips them.
 */
export const canRunOwnPostgres = existsSync(join(BIN, 'initdb')) && !!process.env.TEST_DATABASE_URL;

/**
 * A PostgreSQL cluster of the test's own, in a temporary directory on a free
 * port, so a test may stop and start it (the shared server on 5432 is never
 * touched). PostgreSQL refuses to run as root: as root it runs as `postgres`.
 */
export class OwnPostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<OwnPostgres> {
    const dir = await mkdtemp(join(tmpdir(), 'sb-own-pg-'));
    const cluster = new OwnPostgres(dir, await freePort());
    if (process.getuid?.() === 0) await chown(dir, ...(await postgresIds()));
    await cluster.pg('initdb', ['-D', cluster.data, '--username=postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await cluster.start();
    return cluster;
  }

  get data() {
    return join(this.dir, 'data');
  }

  url(database = 'postgres') {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start() {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off`;
    await this.pg('pg_ctl', ['-D', this.data, '-o', options, '-l', join(this.dir, 'log'), '-w', 'start']);
  }

  /** Fast shutdown: PostgreSQL ends every session with 57P01, as a restart does. */
  async stop() {
    await this.pg('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop']);
  }

  async destroy() {
    await this.stop().catch(() => {});
    await rm(this.dir, { recursive: true, force: true });
  }

  private async pg(tool: string, args: string[]) {
    const [cmd, all] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', join(BIN, tool), ...args]] : [join(BIN, tool), args];
    await run(cmd as string, all as string[], { timeout: 60_000 });
  }
}

async function postgresIds(): Promise<[number, number]> {
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  return [Number(stdout.trim()), Number(group.trim())];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
