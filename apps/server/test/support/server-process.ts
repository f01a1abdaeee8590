import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeApi, type Api } from '../harness.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

const FROM_SOURCE = ['--import', 'tsx', 'apps/server/src/main.ts'];
export const COMPILED = ['--enable-source-maps', 'apps/server/dist/main.js'];

export interface ServerProcess {
  child: ChildProcess;
  /** Resolves with the base URL once the server listens; rejects if it exits first. */
  ready: Promise<string>;
  exited: Promise<number | null>;
  output(): string;
  alive(): boolean;
  api(url: string): Api;
}

/** A real server process (`node --import tsx src/main.ts`, or `args`) on port 0, its log captured. */
export function startServerProcess(env: Record<string, string>, args = FROM_SOURCE): ServerProcess {
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    // The platform stand-ins listen on loopback, which the outbound client refuses unless listed (issue #11).
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SMTP_PORT: '0', SWITCHBOARD_DEMO: '0', SECRET_KEY: 'process-test-secret-0123', OUTBOUND_ALLOW: '127.0.0.0/8,::1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve((exitCode = code))));
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited early with ${code}:\n${output}`)));
  });
  ready.catch(() => {});
  return {
    child,
    ready,
    exited,
    output: () => output,
    alive: () => exitCode === undefined,
    api: (url) => makeApi(url, env.SWITCHBOARD_ADMIN_TOKEN ?? null),
  };
}

/** kill -9, and wait until it is gone. */
export async function killHard(p: ServerProcess) {
  if (!p.alive()) return;
  p.child.kill('SIGKILL');
  await p.exited;
}
