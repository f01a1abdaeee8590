/**
 * Occupancy (docs/metrics.md): load-weighted busy time ÷ time ready or busy,
 * over [from, to). Load counts the conversations the agent holds, capped at
 * its capacity; the agent is "available or busy" while `ready` or holding
 * anything. Pure: the caller passes the presence rows and holding segments.
 */
export interface OccupancyInput {
  capacity: number;
  /** Presence rows in time order; the last one at or before `from` gives the state then (none = offline). */
  presence: ReadonlyArray<{ at: number; presence: string }>;
  /** Holding stretches: [start, end), end null = still held. */
  segments: ReadonlyArray<{ start: number; end: number | null }>;
  from: number;
  to: number;
}

export function occupancy(input: OccupancyInput): number | null {
  const { from, to } = input;
  if (!(from < to) || input.capacity <= 0) return null;
  type Change = { at: number; load?: number; presence?: string };
  const changes: Change[] = [];
  let presence = 'offline';
  for (const p of input.presence) {
    if (p.at <= from) presence = p.presence;
    else if (p.at < to) changes.push({ at: p.at, presence: p.presence });
  }
  let load = 0;
  for (const s of input.segments) {
    const start = Math.max(s.start, from);
    const end = Math.min(s.end ?? to, to);
    if (end <= start) continue;
    if (start === from) load++;
    else changes.push({ at: start, load: 1 });
    if (end < to) changes.push({ at: end, load: -1 });
  }
  changes.sort((a, b) => a.at - b.at);
  let busy = 0;
  let available = 0;
  let at = from;
  const span = (until: number) => {
    const dt = until - at;
    if (dt <= 0) return;
    if (presence === 'ready' || load > 0) available += dt;
    busy += (dt * Math.min(load, input.capacity)) / input.capacity;
    at = until;
  };
  for (const c of changes) {
    span(c.at);
    if (c.load !== undefined) load += c.load;
    if (c.presence !== undefined) presence = c.presence;
  }
  span(to);
  return available === 0 ? null : Math.round((busy / available) * 10_000) / 10_000;
}
