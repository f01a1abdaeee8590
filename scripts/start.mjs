// `npm start`: build the browser apps once if they are missing, then run the server.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const needsBuild = ['apps/console', 'apps/widget'].filter((dir) => existsSync(`${dir}/package.json`) && !existsSync(`${dir}/dist`));
if (needsBuild.length > 0) {
  const args = ['run', 'build', '--if-present', ...needsBuild.flatMap((d) => ['-w', d])];
  const built = spawnSync('npm', args, { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const server = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
