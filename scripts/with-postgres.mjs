// Runs a command with TEST_DATABASE_URL pointing at the local PostgreSQL server,
// starting the server first if it is not running (CI machines and fresh sessions).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ready = () => spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432'], { stdio: 'ignore' }).status === 0;

if (!ready()) {
  const versions = readdirSync('/etc/postgresql');
  for (const v of versions) spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', v, 'main', 'start'], { stdio: 'inherit' });
  for (let i = 0; i < 30 && !ready(); i++) spawnSync('sleep', ['1']);
  if (!ready()) {
    console.error('PostgreSQL is not reachable on 127.0.0.1:5432 and could not be started');
    process.exit(1);
  }
}
const [cmd, ...args] = process.argv.slice(2);
const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: url }, shell: false });
process.exit(result.status ?? 1);
