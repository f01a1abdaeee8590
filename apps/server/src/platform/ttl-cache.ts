/**
 * Remembers values for a few seconds so hot paths skip a database read.
 * Never the truth: a change made through this process deletes the entry at
 * once, and `onDelete` tells the other processes to (streams/cache-sync.ts);
 * should that message be lost, the entry is gone after `ttlMs` anyway.
 */
export class TtlCache<V> {
  private entries = new Map<string, { value: V; until: number }>();
  /**
   * Counts forgettings (here or told by another process): a reader that took it before reading the
   * database stores what it read only if nothing was forgotten meanwhile (`setIfUnchanged`).
   */
  generation = 0;

  constructor(
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, now: number, expiresAt = Infinity): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: Math.min(now + this.ttlMs, expiresAt) });
  }

  /** `set`, unless something was forgotten since `generation` was `seen`: what was read then may be old. */
  setIfUnchanged(seen: number, key: string, value: V, now: number): void {
    if (this.generation === seen) this.set(key, value, now);
  }

  /** Called by `delete` and `clear`: key null means everything. */
  onDelete?: (key: string | null) => void;

  /** After a change: forget it here and everywhere. */
  delete(key: string): void {
    this.generation++;
    this.entries.delete(key);
    this.onDelete?.(key);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.onDelete?.(null);
  }

  /** Another process changed it. */
  deleteLocal(key: string): void {
    this.generation++;
    this.entries.delete(key);
  }

  clearLocal(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Drops every entry whose value matches (e.g. all sessions of a revoked agent). */
  deleteWhere(match: (value: V) => boolean): void {
    this.generation++;
    for (const [key, entry] of this.entries) if (match(entry.value)) this.entries.delete(key);
  }
}
