/**
 * An async sequence read `depth` items ahead (decision 0036-columnar-days): the
 * next pages' statements are under way while the caller works on the current
 * one, so PostgreSQL's time (on the other core) overlaps the simulation's
 * instead of adding to it. The items still come one at a time, in order; an
 * error of a page read ahead is thrown where that page is taken.
 */
export async function* readAhead<T>(source: AsyncIterator<T>, depth = 1): AsyncGenerator<T> {
  const ahead: Array<Promise<IteratorResult<T>>> = [];
  try {
    for (;;) {
      while (ahead.length <= depth) ahead.push(source.next());
      const item = await ahead.shift()!;
      if (item.done) return;
      yield item.value;
    }
  } finally {
    // Left early (a difference found, an error): the pages still on their way are not wanted, nor their errors.
    for (const p of ahead) p.catch(() => {});
    await source.return?.();
  }
}

/**
 * Lets the event loop run between stretches of a day's simulation: a page read
 * ahead is taken off its socket as it comes, and no reply waits behind a long
 * synchronous stretch past the database client's own timeout.
 */
export const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
