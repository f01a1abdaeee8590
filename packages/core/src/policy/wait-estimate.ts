/**
 * The honest wait estimate (SPEC R12). Each seat (one unit of an agent's
 * capacity) is treated as a server of an M/M/c queue, c = the seats of the
 * ready agents who qualify. With every seat busy, the customer at queue
 * position k needs k departures, each arriving at rate c·μ, so the
 * conditional expectation is E[W | k] = k / (c·μ). Free seats take the first
 * customers at once. μ, the service rate per seat, comes from recorded
 * handle times (below), never from a constant.
 */

export interface WaitEstimateInput {
  /** 1-based place among the conversations these agents will serve first. */
  position: number;
  /** Capacity of each qualifying `ready` agent: the seats, counted. */
  capacities: readonly number[];
  /** Seats with nobody on them right now (default 0: all busy). */
  freeSeats?: number;
  /** Completions per second per seat: 1 / mean handle time; null when nothing is recorded. */
  serviceRatePerSeat: number | null;
}

/**
 * Seconds, or null when no honest number exists: nobody qualifying is ready
 * (the customer waits for a shift, say when it starts instead) or no handle
 * time has been recorded yet.
 */
export function estimateWaitSeconds(input: WaitEstimateInput): number | null {
  const seats = input.capacities.reduce((sum, c) => sum + Math.max(0, c), 0);
  const rate = input.serviceRatePerSeat;
  if (seats === 0 || rate === null || !(rate > 0)) return null;
  const ahead = Math.max(0, input.position - Math.max(0, input.freeSeats ?? 0));
  return ahead / (seats * rate);
}

/** Exponentially weighted mean of handle times, updated one completion at a time. */
export interface HandleTimeAverage {
  meanSeconds: number;
  /** Completions folded in so far. */
  count: number;
}

/** Weight of the newest completion once warmed up; ≈ the last 20 completions dominate. */
export const DEFAULT_HANDLE_TIME_ALPHA = 0.1;

/**
 * Folds one handle time (assigned → completed, seconds) into the average. The
 * first completions are weighted 1/n, a plain mean, so a young workspace is
 * not ruled by its very first chat; after 1/α of them the weight settles at α
 * and older history fades, following shifts in how long chats take.
 */
export function addHandleTime(previous: HandleTimeAverage | null, seconds: number, alpha = DEFAULT_HANDLE_TIME_ALPHA): HandleTimeAverage {
  if (!(seconds >= 0) || !Number.isFinite(seconds)) return previous ?? { meanSeconds: 0, count: 0 };
  const count = (previous?.count ?? 0) + 1;
  const weight = Math.max(alpha, 1 / count);
  const mean = previous && previous.count > 0 ? previous.meanSeconds + weight * (seconds - previous.meanSeconds) : seconds;
  return { meanSeconds: mean, count };
}

/** The average over recorded handle times, oldest first. */
export function averageHandleTime(handleSeconds: readonly number[], alpha = DEFAULT_HANDLE_TIME_ALPHA): HandleTimeAverage | null {
  let average: HandleTimeAverage | null = null;
  for (const seconds of handleSeconds) average = addHandleTime(average, seconds, alpha);
  return average && average.count > 0 ? average : null;
}

/** μ per seat = 1 / mean handle time; null without history or with a zero mean. */
export function serviceRatePerSeat(average: HandleTimeAverage | null): number | null {
  if (!average || average.count === 0 || !(average.meanSeconds > 0)) return null;
  return 1 / average.meanSeconds;
}
