import { describe, expect, it } from 'vitest';
import { TtlCache } from '../src/platform/ttl-cache.ts';

describe('TtlCache', () => {
  it('keeps an entry for its time to live', () => {
    const cache = new TtlCache<string>(1000);
    cache.set('a', 'one', 0);
    expect(cache.get('a', 999)).toBe('one');
    expect(cache.get('a', 1000)).toBeUndefined();
  });

  // A reader that read the database before a change was forgotten must not store what it read.
  it('does not store what was read before something was forgotten, here or told by another process', () => {
    const cache = new TtlCache<string>(1000);
    for (const forget of [() => cache.delete('b'), () => cache.clear(), () => cache.deleteLocal('a'), () => cache.clearLocal(), () => cache.deleteWhere(() => true)]) {
      const seen = cache.generation;
      forget();
      cache.setIfUnchanged(seen, 'a', 'old', 0);
      expect(cache.get('a', 1)).toBeUndefined();
    }
    const seen = cache.generation;
    cache.setIfUnchanged(seen, 'a', 'fresh', 0);
    expect(cache.get('a', 1)).toBe('fresh');
  });
});
