import type { Deps } from '../platform/deps.ts';
import { expireDisconnectedAgents, expireGoneVisitors } from './expire.ts';
import { heartbeatSockets } from './heartbeat.ts';

/** Scheduler task (R14): write this process's heartbeats, then act on every process's stale ones. */
export async function followPresence(deps: Deps): Promise<void> {
  await heartbeatSockets(deps);
  await expireDisconnectedAgents(deps);
  await expireGoneVisitors(deps);
}
