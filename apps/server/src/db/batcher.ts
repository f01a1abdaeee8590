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
