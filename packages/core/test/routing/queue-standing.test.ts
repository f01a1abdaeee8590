import { describe, expect, test } from 'vitest';
import { estimateWaitSeconds } from '../../src/index.ts';
import { agent, engineWith, handoff } from './support/builders.ts';

describe('queue standing for the wait estimate', () => {
  test('position within the requirements, seats of the ready qualifying agents, free seats', () => {
    const engine = engineWith([
      agent('A', { capacity: 2, skills: { en: 1 } }),
      agent('B', { capacity: 3, skills: { en: 1 } }),
      agent('C', { presence: 'away', capacity: 4, skills: { en: 1 } }),
      agent('J', { capacity: 5, skills: { ja: 1 } }),
    ]);
    for (let i = 0; i < 8; i++) engine.apply(handoff(`e${i}`, i, ['en']), i);
    engine.apply(handoff('j0', 0, ['ja']), 10);

    // Five en seats hold e0–e4; e5, e6, e7 wait behind them.
    expect(engine.queueStanding('e7')).toEqual({ position: 3, capacities: [2, 3], freeSeats: 0 });
    expect(engine.queueStanding('e5')?.position).toBe(1);
    expect(engine.queueStanding('e0')).toBeNull();
    expect(engine.queueStanding('j0')).toBeNull();
    expect(engine.queueStanding('nobody')).toBeNull();
  });

  test('feeds the estimate: 3rd in line for 5 seats at 300 s per chat waits 180 s', () => {
    const engine = engineWith([agent('A', { capacity: 2, skills: { en: 1 } }), agent('B', { capacity: 3, skills: { en: 1 } })]);
    for (let i = 0; i < 8; i++) engine.apply(handoff(`e${i}`, i, ['en']), i);
    const standing = engine.queueStanding('e7');
    expect(standing && estimateWaitSeconds({ ...standing, serviceRatePerSeat: 1 / 300 })).toBeCloseTo(180, 9);
  });

  test('with nobody qualifying ready there is no estimate', () => {
    const engine = engineWith([agent('A', { presence: 'offline', skills: { en: 1 } })]);
    engine.apply(handoff('e0', 0, ['en']), 0);
    const standing = engine.queueStanding('e0');
    expect(standing).toEqual({ position: 1, capacities: [], freeSeats: 0 });
    expect(estimateWaitSeconds({ ...(standing as NonNullable<typeof standing>), serviceRatePerSeat: 1 / 300 })).toBeNull();
  });
});
