import { describe, expect, test } from 'vitest';
import { agentsNeeded, erlangAverageWait, erlangC, erlangServiceLevel, replayRecording } from '../../src/index.ts';
import { agent, recordTraffic, type Arrival } from './support/traffic.ts';

describe('Erlang C, one conversation per agent, against published values', () => {
  test('Wolfram Language reference, ErlangC[3, 2] = 4/9 (reference.wolfram.com/language/ref/ErlangC.html, basic example)', () => {
    expect(erlangC(3, 2)).toBeCloseTo(4 / 9, 12);
  });

  test('Call Centre Helper worked example ("Erlang C formula – made simple"): 100 calls per 30 min, 180 s handle, 20 s target', () => {
    // 10 erlangs. Published: 14 agents → probability of waiting 17.41 %, service level 88.84 %, ASA 7.8 s;
    // the table around it: 11 → 68.21 %, 12 → 44.94 %, 13 → 28.53 %.
    expect(erlangC(11, 10)).toBeCloseTo(0.6821, 4);
    expect(erlangC(12, 10)).toBeCloseTo(0.4494, 4);
    expect(erlangC(13, 10)).toBeCloseTo(0.2853, 4);
    expect(erlangC(14, 10)).toBeCloseTo(0.1741, 4);
    expect(erlangServiceLevel(14, 10, 180, 20)).toBeCloseTo(0.8884, 4);
    expect(erlangAverageWait(14, 10, 180)).toBeCloseTo(7.8, 1);
    expect(agentsNeeded({ arrivalsPerHour: 200, handleSeconds: 180, capacity: 1, thresholdSeconds: 20, target: 0.8 })).toMatchObject({
      trafficErlangs: 10,
      agents: 14,
    });
  });

  test('Westbay Engineers worked example ("The Erlang-C formula"): 360 calls per 30 min, 240 s, 55 agents, 15 s target', () => {
    // 48 erlangs, occupancy 0.873: probability of waiting 23.87 %, ASA 8.18 s, service level 84.6 %.
    expect(erlangC(55, 48)).toBeCloseTo(0.2387, 4);
    expect(erlangAverageWait(55, 48, 240)).toBeCloseTo(8.18, 2);
    expect(erlangServiceLevel(55, 48, 240, 15)).toBeCloseTo(0.846, 3);
  });

  test('stable at thousands of seats (no factorial overflow) and monotone in seats', () => {
    let previous = 1;
    for (let n = 1001; n < 1100; n += 7) {
      const c = erlangC(n, 1000);
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThan(previous);
      previous = c;
    }
    expect(erlangC(5, 5)).toBe(1);
  });

  test('several conversations per agent: seats ÷ capacity, rounded up', () => {
    const one = agentsNeeded({ arrivalsPerHour: 200, handleSeconds: 180, capacity: 1, thresholdSeconds: 20, target: 0.8 });
    const three = agentsNeeded({ arrivalsPerHour: 200, handleSeconds: 180, capacity: 3, thresholdSeconds: 20, target: 0.8 });
    expect(three.seats).toBe(one.seats);
    expect(three.agents).toBe(Math.ceil(one.seats / 3));
  });
});

/** A seeded stream of uniform numbers (mulberry32): the same traffic on every run. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Poisson arrivals, exponential handle times: Erlang C's own assumptions. */
function poisson(perHour: number, handleSeconds: number, hours: number, seed: number): Arrival[] {
  const random = seeded(seed);
  const out: Arrival[] = [];
  for (let t = 0; ;) {
    t += (-Math.log(1 - random()) / perHour) * 3_600_000;
    if (t >= hours * 3_600_000) return out;
    out.push({ at: Math.floor(t), handleMs: Math.max(1_000, Math.round(-Math.log(1 - random()) * handleSeconds * 1000)) });
  }
}

/** The calculator's answer, then the replay simulator run with exactly that many agents. */
function checkAgainstSimulator(perHour: number, handleSeconds: number, capacity: number, hours: number, fewer = 0) {
  const answer = agentsNeeded({ arrivalsPerHour: perHour, handleSeconds, capacity, thresholdSeconds: 20, target: 0.8 });
  const arrivals = poisson(perHour, handleSeconds, hours, 7);
  const recordedTeam = Array.from({ length: answer.agents + 2 }, (_, i) => agent(`r${i}`, capacity));
  const inputs = recordTraffic({ agents: recordedTeam, arrivals });
  const to = hours * 3_600_000;
  const { result } = replayRecording(inputs, {
    from: 0,
    to,
    serviceLevelSeconds: 20,
    shortAbandonSeconds: 0,
    overrides: { removeAgents: recordedTeam.map((a) => a.id), addAgents: Array.from({ length: answer.agents - fewer }, () => ({ skills: [], capacity })) },
  });
  return { answer, simulated: result.simulated };
}

describe('the staffing calculator checked against the replay simulator', () => {
  test('one conversation per agent: the simulated service level with Erlang’s agents is near its prediction', () => {
    const { answer, simulated } = checkAgainstSimulator(200, 180, 1, 24);
    expect(answer.agents).toBe(14);
    // 4,800 customers: the simulated share within 20 s lands within 5 points of Erlang C's 88.8 %, above the target…
    expect(Math.abs((simulated.serviceLevel ?? 0) - answer.serviceLevel)).toBeLessThan(0.05);
    expect(simulated.serviceLevel).toBeGreaterThanOrEqual(0.8);
    // …and with one agent fewer it follows Erlang C down to 79.6 %, the edge of the target.
    expect(Math.abs((checkAgainstSimulator(200, 180, 1, 24, 1).simulated.serviceLevel ?? 0) - erlangServiceLevel(13, 10, 180, 20))).toBeLessThan(0.05);
  }, 30_000);

  test('three conversations per agent: seats behave like Erlang’s servers (within 5 points)', () => {
    const { answer, simulated } = checkAgainstSimulator(200, 180, 3, 24);
    expect(Math.abs((simulated.serviceLevel ?? 0) - answer.serviceLevel)).toBeLessThan(0.05);
  }, 30_000);
});
