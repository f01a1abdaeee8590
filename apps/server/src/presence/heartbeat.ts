import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';
import { consoleSockets, visitorSockets, type OpenSockets } from './connections.ts';

/** How often a process writes that its sockets are still open. A grace shorter than three beats is taken as three. */
export const HEARTBEAT_MS = 5_000;
export const MIN_GRACE_MS = 3 * HEARTBEAT_MS;

const lastBeat = new WeakMap<Deps, number>();

/** Marks at once that a socket opened (the scheduler's beat may be seconds away). */
export async function socketOpened(deps: Deps, kind: 'console' | 'visitor', key: string): Promise<void> {
  (kind === 'console' ? consoleSockets : visitorSockets).add(key);
  await write(deps, kind, [key], deps.clock.now());
}

export function socketClosed(kind: 'console' | 'visitor', key: string): void {
  (kind === 'console' ? consoleSockets : visitorSockets).remove(key);
}

/** Scheduler task: every HEARTBEAT_MS, this process's open sockets are seen now. */
export async function heartbeatSockets(deps: Deps, sockets: { console: OpenSockets; visitor: OpenSockets } = { console: consoleSockets, visitor: visitorSockets }) {
  const now = deps.clock.now();
  if (now - (lastBeat.get(deps) ?? -Infinity) < HEARTBEAT_MS) return 0;
  lastBeat.set(deps, now);
  const agents = sockets.console.keys();
  const visitors = sockets.visitor.keys();
  await write(deps, 'console', agents, now);
  await write(deps, 'visitor', visitors, now);
  return agents.length + visitors.length;
}

async function write(deps: Deps, kind: 'console' | 'visitor', keys: string[], now: number) {
  if (keys.length === 0) return;
  if (kind === 'console') await sql`UPDATE agents SET console_seen_at = ${now}::int8 WHERE id = ANY(${keys}::text[])`.execute(deps.db);
  else await sql`UPDATE webchat_sessions SET seen_at = ${now}::int8 WHERE token_hash = ANY(${keys}::text[])`.execute(deps.db);
}
