import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { sortNumbers, sortedCopy } from '../../src/replay/sort-numbers.ts';

/** What sortNumbers did before the radix sort: the typed array's native sort (-0 before 0, as `Object.is` tells them). */
const native = (list: number[]) => Array.from(new Float64Array(list).sort());
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

describe('sortNumbers', () => {
  test('non-negative values (the radix sort past 256 of them) come out as the native sort puts them', () => {
    const value = fc.oneof(
      fc.double({ min: 0, noNaN: true, noDefaultInfinity: false }).filter((v) => !Object.is(v, -0)),
      fc.integer({ min: 0, max: 20_000_000 }),
      fc.integer({ min: 0, max: 600_000 }).map((ms) => ms / 1000),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 3000 }), (list) => {
        const expected = native(list);
        expect(same(sortedCopy(list), expected)).toBe(true);
        expect(same(sortNumbers(list.slice()), expected)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test('any other value (negatives, -0, infinities) too, by the native sort', () => {
    const value = fc.oneof(fc.double({ noNaN: true }), fc.constant(-0), fc.constant(0), fc.integer());
    fc.assert(
      fc.property(fc.array(value, { maxLength: 1000 }), (list) => {
        expect(same(sortNumbers(list.slice()), native(list))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test('a long list of millisecond waits, one bucket per pass shared by all (passes skipped)', () => {
    const list = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 4096);
    expect(same(sortNumbers(list.slice()), native(list))).toBe(true);
    const ones = Array.from({ length: 1000 }, () => 1.5);
    expect(same(sortedCopy(ones), ones)).toBe(true);
  });

  test('sorts in place and returns the list', () => {
    const list = [3, 1, 2];
    expect(sortNumbers(list)).toBe(list);
    expect(list).toEqual([1, 2, 3]);
  });
});
