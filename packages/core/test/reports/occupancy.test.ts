import { describe, expect, it } from 'vitest';
import { occupancy } from '../../src/reports/occupancy.ts';

const H = 3_600_000;
describe('occupancy: load-weighted busy time ÷ time ready or busy', () => {
  it('ready 4 h with capacity 2: one chat for 2 h is 25%, two at once for 1 h adds 12.5%', () => {
    const presence = [{ at: 0, presence: 'ready' }];
    expect(occupancy({ capacity: 2, presence, segments: [{ start: 0, end: 2 * H }], from: 0, to: 4 * H })).toBe(0.25);
    expect(occupancy({ capacity: 2, presence, segments: [{ start: 0, end: 2 * H }, { start: H, end: 2 * H }], from: 0, to: 4 * H })).toBe(0.375);
  });

  it('away time does not count unless the agent still holds work; over capacity is capped', () => {
    const presence = [{ at: 0, presence: 'ready' }, { at: H, presence: 'away' }, { at: 3 * H, presence: 'ready' }];
    // Holds one chat (capacity 1) from 0.5 h to 1.5 h, two more in the last hour.
    const segments = [{ start: H / 2, end: 1.5 * H }, { start: 3 * H, end: null }, { start: 3 * H, end: null }];
    // Available: 0–1 ready, 1–1.5 holding while away, 3–4 ready = 2.5 h; busy: 1 h + 1 h (capped at 1).
    expect(occupancy({ capacity: 1, presence, segments, from: 0, to: 4 * H })).toBe(0.8);
  });

  it('never ready nor holding: null, not 0', () => {
    expect(occupancy({ capacity: 3, presence: [], segments: [], from: 0, to: H })).toBeNull();
  });
});
