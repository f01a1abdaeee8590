/**
 * Group commit for one kind of statement: requests that arrive while a batch
 * is running wait and go together in the next one. A lone request runs at
 * once, so an idle server adds no delay; under load one statement (and one
 * commit) serves many requests.
 *
 * `run` answers every item of a batch in order, each on its own: one item's
 * failure is that item's, not its neighbours'.
 */
export class Batcher<I, O> {
  private queue: Array<{ item: I; resolve: (value: O) => void; reject: (error: unknown) => void }> = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: I[]) => Promise<Array<PromiseSettledResult<O>>>,
    private readonly options: { maxBatch: number; concurrency: number },
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // Not at once but after this turn of the event loop's I/O: requests read
      // in the same turn join the batch. No timer, so no added wait when idle.
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump() {
    while (this.running < this.options.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.running++;
      this.run(batch.map((b) => b.item))
        .then(
          (results) =>
            batch.forEach((b, i) => {
              const r = results[i];
              if (r?.status === 'fulfilled') b.resolve(r.value);
              else b.reject(r ? r.reason : new Error('batch gave no answer for an item'));
            }),
          (error) => batch.forEach((b) => b.reject(error)),
        )
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }
}

/** Runs `one` for each item by itself: the way back when a batch as a whole fails. */
export function eachAlone<I, O>(items: I[], one: (item: I) => Promise<O>): Promise<Array<PromiseSettledResult<O>>> {
  return Promise.allSettled(items.map(one));
}

/**
 * A write batch in which each key (a conversation) is written once: a row is
 * updated once per statement, so a key's later items in the same batch answer
 * undefined and their callers take the transactional path. A statement that
 * fails as a whole (a redelivered message on a unique index, a deadlock with
 * another process) runs again one item at a time, so each request gets its
 * own answer, its own error included.
 */
export async function firstPerKey<I, S, O>(
  items: I[],
  key: (item: I) => string,
  store: (batch: I[]) => Promise<S>,
  answer: (item: I, stored: S) => O | undefined,
): Promise<Array<PromiseSettledResult<O | undefined>>> {
  const seen = new Set<string>();
  const marked = items.map((item) => ({ item, first: !seen.has(key(item)) && Boolean(seen.add(key(item))) }));
  const batch = marked.filter((m) => m.first).map((m) => m.item);
  try {
    const stored = await store(batch);
    return marked.map(({ item, first }) => ({ status: 'fulfilled', value: first ? answer(item, stored) : undefined }));
  } catch (error) {
    if (batch.length === 1) return marked.map(({ first }) => (first ? { status: 'rejected', reason: error } : { status: 'fulfilled', value: undefined }));
    return eachAlone(marked, async ({ item, first }) => (first ? answer(item, await store([item])) : undefined));
  }
}
