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
// The cross-process stream tests need Redis too: the local one on 6379 when it answers
// (each test run uses channel names of its own, so runs in parallel do not collide).
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisUp = () => spawnSync(process.execPath, ['-e', redisProbe, redisUrl], { stdio: 'ignore', timeout: 3000 }).status === 0;
const redisProbe = `
const u = new URL(process.argv[1]);
const s = require('node:net').connect(Number(u.port || 6379), u.hostname, () => s.write('PING\\r\\n'));
s.on('data', (d) => process.exit(String(d).startsWith('+PONG') ? 0 : 1));
s.on('error', () => process.exit(1));
setTimeout(() => process.exit(1), 2000);`;
const redisEnv = redisUp() ? { TEST_REDIS_URL: redisUrl } : {};
if (!redisEnv.TEST_REDIS_URL) console.warn(`Redis is not reachable at ${redisUrl}: the cross-process stream tests are skipped`);

const [cmd, ...args] = process.argv.slice(2);
const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: url, ...redisEnv }, shell: false });
process.exit(result.status ?? 1);
