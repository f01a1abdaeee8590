// `npm start`: build the browser apps once if they are missing, compile the
// server when its bundle is missing or older than its sources, then run the
// compiled server (a restart is then JavaScript only: docs/benchmarks.md).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUNDLE = 'apps/server/dist/main.js';
// Everything the bundle is made of: the server, the workspaces it compiles in, its dependencies, the build itself.
const SOURCES = ['apps/server/src', 'packages/core/src', 'packages/protocol/src', 'package-lock.json', 'scripts/build-server.mjs'];

function newestSource() {
  let newest = 0;
  for (const source of SOURCES) {
    if (!existsSync(source)) continue;
    const files = statSync(source).isDirectory() ? readdirSync(source, { recursive: true }).map((f) => join(source, String(f))) : [source];
    for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const needsBuild = ['apps/console', 'apps/widget'].filter((dir) => existsSync(`${dir}/package.json`) && !existsSync(`${dir}/dist`));
if (needsBuild.length > 0) run('npm', ['run', 'build', '--if-present', ...needsBuild.flatMap((d) => ['-w', d])]);
if (!existsSync(BUNDLE) || statSync(BUNDLE).mtimeMs < newestSource()) run(process.execPath, ['scripts/build-server.mjs']);

const server = spawn(process.execPath, ['--enable-source-maps', BUNDLE], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
