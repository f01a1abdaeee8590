import type { Clock } from '@switchboard/core';

/** What one SMTP listener accepts before it refuses; every figure can be set from the environment (README). */
export interface SmtpLimits {
  /** Per mail, counted while it arrives: past it the connection gets 552 and is closed. */
  maxBytes: number;
  /** Open connections at once; one more is answered 421 and closed. */
  maxClients: number;
  /** Recipients per mail (452 past it). */
  maxRecipients: number;
  /** Mails on one connection; past it 421 and the connection closes. */
  maxMessagesPerConnection: number;
  /** Mails per minute from one remote address, and per envelope sender; past it 451 with a retry hint. */
  perAddressPerMinute: number;
  perSenderPerMinute: number;
}

export const DEFAULT_SMTP_LIMITS: SmtpLimits = {
  maxBytes: 25 * 1024 * 1024,
  maxClients: 100,
  maxRecipients: 50,
  maxMessagesPerConnection: 20,
  perAddressPerMinute: 60,
  perSenderPerMinute: 20,
};

const WINDOW_MS = 60_000;
/** Distinct keys remembered per window: a flood of made-up senders cannot grow the map past this. */
const MAX_KEYS = 50_000;

/**
 * Counts events per key in fixed one-minute windows on the injected clock.
 * Fixed windows are coarse (a burst at a boundary gets twice the rate) but
 * need one number per key and forget everything when the window turns.
 */
export class MinuteCounter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly limit: number,
  ) {}

  /** Counts one event; undefined when it is within the limit, else the seconds until the window turns. */
  hit(key: string): number | undefined {
    const now = this.clock.now();
    if (now - this.windowStart >= WINDOW_MS) {
      this.windowStart = now - (now % WINDOW_MS);
      this.counts.clear();
    }
    const retryAfter = Math.max(1, Math.ceil((this.windowStart + WINDOW_MS - now) / 1000));
    const count = (this.counts.get(key) ?? 0) + 1;
    if (!this.counts.has(key) && this.counts.size >= MAX_KEYS) return retryAfter;
    this.counts.set(key, count);
    return count > this.limit ? retryAfter : undefined;
  }
}
