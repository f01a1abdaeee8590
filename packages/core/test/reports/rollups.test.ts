import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agentFiguresOf, bucketLabel, coverPeriod, factContributions, reportFact, rollupDelta, COUNTERS, type ReportFact } from '../../src/reports/rollups.ts';
import { formattedParts, localDayStart, localHourStart, localMonthStart, localParts } from '../../src/reports/local-time.ts';
import { conversationFacts } from '../../src/reports/conversation-facts.ts';

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

describe('reading a period: months, days, hours, and the cut edges from the facts', () => {
  const zones = ['UTC', 'Europe/Berlin', 'Asia/Kolkata', 'America/St_Johns'];
  it('a year cut at odd minutes reads 10 months, some days and hours, and two fact edges', () => {
    const c = coverPeriod(Date.UTC(2025, 11, 3, 8, 17), Date.UTC(2026, 11, 2, 23, 17), 'UTC');
    expect(c.facts).toEqual([{ from: Date.UTC(2025, 11, 3, 8, 17), to: Date.UTC(2025, 11, 3, 9) }, { from: Date.UTC(2026, 11, 2, 23), to: Date.UTC(2026, 11, 2, 23, 17) }]);
    expect(c.rollups.filter((r) => r.span === 'm')).toEqual([{ span: 'm', from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 11, 1) }]);
    expect(c.rollups.map((r) => r.span)).toEqual(['h', 'd', 'm', 'd', 'h']);
  });

  it('the pieces tile the period exactly, each on its span\'s boundaries (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }), fc.integer({ min: 1, max: 400 * 86_400_000 }), fc.constantFrom(...zones), fc.constantFrom('h' as const, 'd' as const, 'm' as const),
        (from, length, zone, coarsest) => {
          const to = from + length;
          const c = coverPeriod(from, to, zone, coarsest);
          const pieces = [...c.rollups, ...c.facts].sort((a, b) => a.from - b.from);
          let at = from;
          for (const p of pieces) {
            expect(p.from).toBe(at);
            expect(p.to).toBeGreaterThan(p.from);
            at = p.to;
          }
          expect(at).toBe(to);
          for (const r of c.rollups) {
            const start = r.span === 'h' ? localHourStart : r.span === 'd' ? localDayStart : localMonthStart;
            expect(start(r.from, zone)).toBe(r.from);
            expect(start(r.to, zone)).toBe(r.to);
            expect(['h', 'd', 'm'].indexOf(r.span)).toBeLessThanOrEqual(['h', 'd', 'm'].indexOf(coarsest));
          }
        }),
      { numRuns: 300 },
    );
  });

  it('days are local midnights, 23 h long on the spring-forward day', () => {
    const d = localDayStart(Date.UTC(2026, 2, 29, 12), 'Europe/Berlin');
    expect(new Date(d).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(localDayStart(d + 25 * 3_600_000, 'Europe/Berlin') - d).toBe(23 * 3_600_000);
    expect(new Date(localMonthStart(Date.UTC(2026, 3, 15), 'Asia/Kolkata')).toISOString()).toBe('2026-03-31T18:30:00.000Z');
  });
});

describe('rollup deltas', () => {
  const fact = (over: Partial<ReportFact> = {}): ReportFact => ({
    conversationId: 'c', channelId: 'ch', groupKey: '', tagIds: ['t'], bucket: 0, handoffAt: 0, answeredAt: 5000, completedAt: 9000, waitMs: 5000, withinTarget: true,
    abandoned: false, shortAbandon: false, firstResponseMs: 1000, handleMs: 4000, transfers: 0, csat: null, wrapUpMs: null,
    agents: [{ agentId: 'a', segments: 1, handled: 1, handleMs: 4000, firstResponseMs: 1000, firstResponseN: 1, transfersIn: 0, transfersOut: 0, wrapUpMs: 0, wrapUpN: 0 }], ...over,
  });
  it('a changed fact moves only what changed; the same fact twice is no change', () => {
    expect(rollupDelta(fact(), fact(), 'UTC').size).toBe(0);
    const moved = [...rollupDelta(fact(), fact({ tagIds: [], csat: 4 }), 'UTC').values()].filter((m) => m.key.span === 'h' && m.key.dim !== 'hod');
    expect(moved.map((m) => [m.key.dim, m.key.dimId, COUNTERS.filter((c) => m.counters[c] !== 0).map((c) => `${c}:${m.counters[c]}`)])).toEqual([
      ['all', '', ['csatSum:4', 'csatN:1']],
      ['tag', 't', ['handled:-1', 'withinTarget:-1', 'waitMs:-5000', 'firstResponseMs:-1000', 'firstResponseN:-1', 'handleMs:-4000', 'handleN:-1']],
    ]);
  });

  it('a wrap-up that ended moves the wrap-up counters of the whole, its tags and hour, and of the agent whose wrap-up it was', () => {
    const agent = fact().agents[0]!;
    const moved = [...rollupDelta(fact(), fact({ wrapUpMs: 7000, agents: [{ ...agent, wrapUpMs: 7000, wrapUpN: 1 }] }), 'UTC').values()].filter((m) => m.key.span === 'h');
    expect(moved.map((m) => [m.key.dim, COUNTERS.filter((c) => m.counters[c] !== 0).map((c) => `${c}:${m.counters[c]}`)])).toEqual([
      ['all', ['wrapUpMs:7000', 'wrapUpN:1']], ['hod', ['wrapUpMs:7000', 'wrapUpN:1']], ['agent', ['wrapUpMs:7000', 'wrapUpN:1']], ['tag', ['wrapUpMs:7000', 'wrapUpN:1']],
    ]);
  });

  it('the wrap-up of a history is its last end − its completion, the agent of that end', () => {
    const ev = (at: number, type: string, to: string | null = null, agentId: string | null = null) => ({ at, type, fromStatus: null, toStatus: to, cause: 'x', agentId });
    const history = { id: 'c', agentMessages: [], events: [ev(0, 'status_changed', 'waiting'), ev(1000, 'assigned', null, 'a'), ev(5000, 'status_changed', 'completed'), ev(5000, 'wrap_up_started', null, 'a'), ev(12_000, 'wrap_up_ended', null, 'a')] };
    const f = reportFact(conversationFacts(history), { channelId: 'ch', skills: [], tagIds: [], csat: null }, { serviceLevelSeconds: 20, shortAbandonSeconds: 0, timeZone: 'UTC' })!;
    expect(f.wrapUpMs).toBe(7000);
    expect(f.agents.map((a) => [a.agentId, a.wrapUpMs, a.wrapUpN])).toEqual([['a', 7000, 1]]);
    expect(agentFiguresOf(factContributions(f).find((c) => c.key.dim === 'agent')!.counters).averageWrapUpSeconds).toBe(7);
  });
});

describe('local parts from a cached quarter-hour offset', () => {
  const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'America/St_Johns', 'America/Santiago', 'Asia/Kathmandu', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Africa/Monrovia', 'Africa/Casablanca', 'Asia/Tokyo'];
  it('read the same as the zone rules for any moment, 1970–2096 (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.constantFrom(...zones), (t, zone) => {
        expect(localParts(t, zone)).toEqual(formattedParts(t, zone));
      }),
      { numRuns: 3000 },
    );
  });

  it('read the same around every change of offset, to 15 s (Lord Howe half hours, Chatham, Monrovia 1972)', () => {
    const offset = (t: number) => {
      const p = formattedParts(t, zone);
      return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(t / 1000) * 1000;
    };
    let zone = 'UTC';
    let changes = 0;
    for (zone of zones) {
      // Week by week over 1970–2030 (changes are weeks apart); a week whose offset differs at its ends holds one, found to the second.
      for (let t = 0; t < 1_900_000_000_000; t += 7 * 86_400_000) {
        if (offset(t) === offset(t + 7 * 86_400_000)) continue;
        let [lo, hi] = [t, t + 7 * 86_400_000];
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
          if (offset(mid) === offset(lo)) lo = mid;
          else hi = mid;
        }
        changes++;
        for (let s = hi - 1_800_000; s <= hi + 1_800_000; s += 15_000) expect(localParts(s, zone)).toEqual(formattedParts(s, zone));
      }
    }
    expect(changes).toBeGreaterThan(500);
  }, 60_000);
});
