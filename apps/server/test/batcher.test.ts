import { describe, expect, it } from 'vitest';
import { Batcher } from '../src/db/batcher.ts';

/** A run function that records each batch and answers when told to. */
function recorder(answer: (item: number) => PromiseSettledResult<number> = (n) => ({ status: 'fulfilled', value: n * 10 })) {
  const batches: number[][] = [];
  const gates: Array<() => void> = [];
  const run = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
    return items.map(answer);
  };
  const openAll = async () => {
    // Lets each started batch finish, and the ones they make room for start.
    for (let i = 0; i < 10; i++) {
      while (gates.length > 0) gates.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { batches, run, openAll };
}

describe('Batcher (group commit)', () => {
  it('runs what is submitted in one turn as one batch, and a lone item alone', async () => {
    const r = recorder();
    const batcher = new Batcher(r.run, { maxBatch: 64, concurrency: 1 });
    const together = [1, 2, 3].map((n) => batcher.submit(n));
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.batches).toEqual([[1, 2, 3]]);
    await r.openAll();
    expect(await Promise.all(together)).toEqual([10, 20, 30]);
    const alone = batcher.submit(4);
    await r.openAll();
    expect(await alone).toBe(40);
    expect(r.batches).toEqual([[1, 2, 3], [4]]);
  });

  it('holds later items while `concurrency` batches run, then takes them together', async () => {
    const r = recorder();
    const batcher = new Batcher(r.run, { maxBatch: 64, concurrency: 1 });
    const first = batcher.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((n) => batcher.submit(n));
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.batches).toEqual([[1]]);
    await r.openAll();
    expect(await first).toBe(10);
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
    expect(r.batches).toEqual([[1], [2, 3, 4]]);
  });

  it('never puts more than maxBatch items in one batch', async () => {
    const r = recorder();
    const batcher = new Batcher(r.run, { maxBatch: 2, concurrency: 3 });
    const all = [1, 2, 3, 4, 5].map((n) => batcher.submit(n));
    await r.openAll();
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
    expect(r.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("fails an item on its own answer, and every item when the batch itself throws", async () => {
    const r = recorder((n) => (n === 2 ? { status: 'rejected', reason: new Error('two') } : { status: 'fulfilled', value: n }));
    const batcher = new Batcher(r.run, { maxBatch: 64, concurrency: 1 });
    const results = Promise.allSettled([1, 2, 3].map((n) => batcher.submit(n)));
    await r.openAll();
    expect((await results).map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);

    const broken = new Batcher<number, number>(async () => Promise.reject(new Error('down')), { maxBatch: 64, concurrency: 1 });
    const failed = await Promise.allSettled([1, 2].map((n) => broken.submit(n)));
    expect(failed.map((s) => (s.status === 'rejected' ? (s.reason as Error).message : 'ok'))).toEqual(['down', 'down']);
  });
});
