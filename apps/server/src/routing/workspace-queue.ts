import { RetryTransaction } from '../platform/tx.ts';

/**
 * Routing transactions of one workspace take turns inside this process
 * before they ask the database for the workspace lock. That keeps the cached
 * engine warm: without it, the next transaction's lock could be granted the
 * moment the previous one commits, before this process has put the engine
 * back in the cache, forcing a rebuild from the tables. Across processes the
 * database lock still decides.
 *
 * A turn is waited for at most `timeoutMs`; a transaction that already holds
 * row locks another one needs would otherwise wait forever in JavaScript,
 * where PostgreSQL's deadlock detector cannot see it. It then retries.
 */
export class WorkspaceQueue {
  private tails = new Map<string, Promise<void>>();

  constructor(private readonly timeoutMs = 10_000) {}

  async take(workspaceId: string): Promise<() => void> {
    const previous = this.tails.get(workspaceId) ?? Promise.resolve();
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => turn);
    this.tails.set(workspaceId, tail);
    void tail.then(() => {
      if (this.tails.get(workspaceId) === tail) this.tails.delete(workspaceId);
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.timeoutMs)));
    const granted = await Promise.race([previous.then(() => true as const), timedOut]);
    clearTimeout(timer);
    if (!granted) {
      // Give the turn back as soon as it comes, so those queued behind still get theirs.
      void previous.then(release);
      throw new RetryTransaction(`waited over ${this.timeoutMs} ms for this workspace's routing turn`);
    }
    return once(release);
  }
}

function once(fn: () => void): () => void {
  let called = false;
  return () => {
    if (!called) {
      called = true;
      fn();
    }
  };
}
