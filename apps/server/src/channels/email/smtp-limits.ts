import type { Deps } from '../../platform/deps.ts';
import { hit } from '../../security/rate-limit.ts';

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

/**
 * Counts one MAIL FROM per remote address and per envelope sender in the
 * shared PostgreSQL counters (rate_counters, fixed one-minute windows), so
 * every process that receives mail counts against the same numbers (SPEC §7,
 * issue #11 finding 11). Undefined when within both limits, else the seconds
 * until the window turns. The address is counted first: a flooding address
 * spends no sender's budget.
 */
export async function mailRateWait(deps: Deps, limits: SmtpLimits, remoteAddress: string, sender: string): Promise<number | undefined> {
  const now = deps.clock.now();
  const windows = [
    { key: `smtp:ip:${remoteAddress}`, limit: limits.perAddressPerMinute, windowMs: WINDOW_MS },
    { key: `smtp:from:${sender.toLowerCase()}`, limit: limits.perSenderPerMinute, windowMs: WINDOW_MS },
  ];
  for (const w of windows) {
    const c = await hit(deps.db, w, now);
    if (c.count > w.limit) return c.retryAfterSeconds;
  }
  return undefined;
}
