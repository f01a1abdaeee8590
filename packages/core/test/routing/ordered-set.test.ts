import fc from 'fast-check';
import { expect, test } from 'vitest';
import { OrderedSet } from '../../src/routing/ordered-set.ts';

test('the ordered set behaves like a sorted array of unique values', () => {
  const op = fc.record({ insert: fc.boolean(), value: fc.integer({ min: 0, max: 60 }) });
  fc.assert(
    fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
      const set = new OrderedSet<number>((a, b) => a - b);
      const reference = new Set<number>();
      for (const { insert, value } of ops) {
        expect(insert ? set.insert(value) : set.delete(value)).toBe(insert ? !reference.has(value) : reference.has(value));
        if (insert) reference.add(value);
        else reference.delete(value);
        const sorted = [...reference].sort((a, b) => a - b);
        expect(set.size).toBe(sorted.length);
        expect(set.min()).toBe(sorted[0]);
        expect(set.max()).toBe(sorted[sorted.length - 1]);
      }
      expect([...set.ascending()]).toEqual([...reference].sort((a, b) => a - b));
      expect(set.takeWhile((v) => v < 30)).toEqual([...reference].filter((v) => v < 30).sort((a, b) => a - b));
    }),
    { numRuns: 300 },
  );
});
