import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketLabel, localHourStart, localParts, rollupDelta, COUNTERS, type ReportFact } from '../../src/reports/rollups.ts';

describe('local hour buckets', () => {
  it('are the wall-clock hours of the zone, half-hour offsets included', () => {
    const t = Date.UTC(2026, 11, 1, 9, 50, 12, 345); // 15:20:12 in Kolkata (+5:30)
    expect(new Date(localHourStart(t, 'UTC')).toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(new Date(localHourStart(t, 'Asia/Kolkata')).toISOString()).toBe('2026-12-01T09:30:00.000Z');
    expect(bucketLabel(localHourStart(t, 'Asia/Kolkata'), 'hour', 'Asia/Kolkata')).toBe('2026-12-01T15:00');
    expect(bucketLabel(t, 'week', 'UTC')).toBe('2026-11-30'); // Monday
    expect(bucketLabel(t, 'month', 'Asia/Tokyo')).toBe('2026-12');
  });

  it('a DST night: Berlin 2026-03-29 has no 02:00; buckets stay an hour apart in absolute time', () => {
    const before = Date.UTC(2026, 2, 29, 0, 30); // 01:30 CET
    const after = Date.UTC(2026, 2, 29, 1, 30); // 03:30 CEST
    expect(localHourStart(after, 'Europe/Berlin') - localHourStart(before, 'Europe/Berlin')).toBe(3_600_000);
    expect(localParts(after, 'Europe/Berlin').hour).toBe(3);
    expect(bucketLabel(localHourStart(after, 'Europe/Berlin'), 'day', 'Europe/Berlin')).toBe('2026-03-29');
  });

  it('every moment lies in its bucket, less than an hour after its start (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.constantFrom('UTC', 'Asia/Kolkata', 'America/St_Johns', 'Asia/Kathmandu', 'Europe/Berlin'), (t, zone) => {
        const start = localHourStart(t, zone);
        expect(t - start).toBeGreaterThanOrEqual(0);
        expect(t - start).toBeLessThan(3_600_000);
        expect(localParts(start, zone).minute).toBe(0);
      }),
    );
  });
});

describe('rollup deltas', () => {
  const fact = (over: Partial<ReportFact> = {}): ReportFact => ({
    conversationId: 'c', channelId: 'ch', groupKey: '', tagIds: ['t'], bucket: 0, handoffAt: 0, answeredAt: 5000, completedAt: 9000, waitMs: 5000, withinTarget: true,
    abandoned: false, shortAbandon: false, firstResponseMs: 1000, handleMs: 4000, transfers: 0, csat: null,
    agents: [{ agentId: 'a', segments: 1, handled: 1, handleMs: 4000, firstResponseMs: 1000, firstResponseN: 1, transfersIn: 0, transfersOut: 0 }], ...over,
  });
  it('a changed fact moves only what changed; the same fact twice is no change', () => {
    expect(rollupDelta(fact(), fact()).size).toBe(0);
    const moved = [...rollupDelta(fact(), fact({ tagIds: [], csat: 4 })).values()];
    expect(moved.map((m) => [m.key.dim, m.key.dimId, COUNTERS.filter((c) => m.counters[c] !== 0).map((c) => `${c}:${m.counters[c]}`)])).toEqual([
      ['all', '', ['csatSum:4', 'csatN:1']],
      ['tag', 't', ['handled:-1', 'withinTarget:-1', 'waitMs:-5000', 'firstResponseMs:-1000', 'firstResponseN:-1', 'handleMs:-4000', 'handleN:-1']],
    ]);
  });
});
