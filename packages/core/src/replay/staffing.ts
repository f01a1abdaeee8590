/**
 * Staffing by Erlang C (M/M/N with a queue, no abandonment), adapted to
 * agents who hold several conversations at once: an agent of capacity c is c
 * seats, each serving one conversation for its recorded handle time (which,
 * measured assignment → close, already includes the sharing of attention).
 * The seats needed come from Erlang C; agents = ⌈seats ÷ c⌉ (docs/what-if.md).
 */

/** Probability that an arrival waits, for `servers` seats offered `traffic` erlangs (1 when traffic ≥ servers). */
export function erlangC(servers: number, traffic: number): number {
  if (servers <= 0) return 1;
  if (traffic <= 0) return 0;
  if (traffic >= servers) return 1;
  // Erlang B by its stable recurrence, then C from B: no factorials, no overflow at 1,000s of seats.
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (traffic * b) / (k + traffic * b);
  const rho = traffic / servers;
  return b / (1 - rho + rho * b);
}

/** Share answered within `thresholdSeconds`. */
export function erlangServiceLevel(servers: number, traffic: number, handleSeconds: number, thresholdSeconds: number): number {
  if (traffic <= 0) return 1;
  if (traffic >= servers) return 0;
  return 1 - erlangC(servers, traffic) * Math.exp((-(servers - traffic) * thresholdSeconds) / handleSeconds);
}

/** Average speed of answer, seconds (Infinity when the seats cannot keep up). */
export function erlangAverageWait(servers: number, traffic: number, handleSeconds: number): number {
  if (traffic <= 0) return 0;
  if (traffic >= servers) return Infinity;
  return (erlangC(servers, traffic) * handleSeconds) / (servers - traffic);
}

export interface StaffingInput {
  /** Hand-offs per hour. */
  arrivalsPerHour: number;
  /** Mean handle time (assignment → close), seconds. */
  handleSeconds: number;
  /** Conversations an agent holds at once. */
  capacity: number;
  thresholdSeconds: number;
  /** Target share answered within the threshold, e.g. 0.8. */
  target: number;
}

export interface StaffingAnswer {
  trafficErlangs: number;
  seats: number;
  agents: number;
  serviceLevel: number;
  averageWaitSeconds: number;
  probabilityOfWaiting: number;
}

/** The fewest agents whose seats meet the target (Erlang C over seats). */
export function agentsNeeded(input: StaffingInput): StaffingAnswer {
  const traffic = (input.arrivalsPerHour * input.handleSeconds) / 3600;
  const capacity = Math.max(1, Math.floor(input.capacity));
  let seats = Math.max(1, Math.floor(traffic) + 1);
  const limit = seats + 100_000;
  while (seats < limit && erlangServiceLevel(seats, traffic, input.handleSeconds, input.thresholdSeconds) < input.target) seats++;
  // Seats come in whole agents: the answer is checked at the seats those agents bring.
  const agents = Math.ceil(seats / capacity);
  const offered = agents * capacity;
  return {
    trafficErlangs: round(traffic, 4),
    seats,
    agents,
    serviceLevel: round(erlangServiceLevel(offered, traffic, input.handleSeconds, input.thresholdSeconds), 4),
    averageWaitSeconds: round(erlangAverageWait(offered, traffic, input.handleSeconds), 1),
    probabilityOfWaiting: round(erlangC(offered, traffic), 4),
  };
}

function round(n: number, digits: number): number {
  if (!Number.isFinite(n)) return n;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
