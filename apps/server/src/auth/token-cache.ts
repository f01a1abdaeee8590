import type { Principal } from '../use-cases/principal.ts';

interface Entry {
  principal: Principal | null;
  until: number;
}

/**
 * Remembers what a token resolved to for a few seconds, so a busy client does
 * not cost a database read per request. Not a source of truth: a token
 * revoked by another process stays usable here for at most `ttlMs`; a logout
 * through this process takes effect at once.
 */
export class TokenCache {
  private entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 10_000,
  ) {}

  get(hash: string, now: number): Principal | null | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.principal;
  }

  set(hash: string, principal: Principal | null, now: number, expiresAt?: number): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(hash, { principal, until: Math.min(now + this.ttlMs, expiresAt ?? Infinity) });
  }

  delete(hash: string): void {
    this.entries.delete(hash);
  }
}
