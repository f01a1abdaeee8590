/**
 * The sockets this process holds open, counted per agent and per web-chat
 * session. Only a count in memory: what other processes hold is known through
 * the heartbeat columns they write (heartbeat.ts), never from here.
 */
export class OpenSockets {
  private counts = new Map<string, number>();

  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  remove(key: string): void {
    const n = (this.counts.get(key) ?? 0) - 1;
    if (n > 0) this.counts.set(key, n);
    else this.counts.delete(key);
  }

  keys(): string[] {
    return [...this.counts.keys()];
  }
}

/** Agents with a console socket here (by agent id) and visitors with a page open here (by session token hash). */
export const consoleSockets = new OpenSockets();
export const visitorSockets = new OpenSockets();
