import { authenticate, type DNSResolver } from 'mailauth';

export type { DNSResolver };

/** What we found, not what the mail claims: Authentication-Results headers in it are ignored. */
export interface MailAuth {
  spf: string;
  dkim: string;
  dmarc: string;
  /** pass: DMARC passed, or (without a DMARC record) SPF or DKIM passed. fail: anything else. */
  verdict: 'pass' | 'fail';
}

export interface Envelope {
  /** The connecting client's address. */
  ip: string;
  helo?: string;
  /** MAIL FROM, '' for a bounce. */
  sender: string;
}

/** Time for all the DNS lookups of one mail; past it the checks come out temperror, and the mail unverified. */
const VERIFY_TIMEOUT_MS = 10_000;

/**
 * SPF, DKIM and DMARC by mailauth, through the resolver we are given (the
 * system's in production, a fake one in tests: never real DNS there). A mail
 * that fails DMARC, or passes neither SPF nor DKIM, is "fail": it may still be
 * stored, but never joins an existing conversation silently (decision 0014).
 */
export async function verifyMail(raw: Buffer, envelope: Envelope, resolver?: DNSResolver): Promise<MailAuth> {
  try {
    const result = await withTimeout(
      authenticate(raw, { ip: envelope.ip, helo: envelope.helo, sender: envelope.sender, mta: 'switchboard', resolver, disableArc: true, disableBimi: true }),
    );
    const spf = (result.spf && result.spf.status.result) || 'none';
    const dkimResults = result.dkim.results ?? [];
    const dkim = dkimResults.some((r) => r.status.result === 'pass') ? 'pass' : (dkimResults[0]?.status.result ?? 'none');
    const dmarc = (result.dmarc && result.dmarc.status.result) || 'none';
    const verdict = dmarc === 'pass' || (dmarc === 'none' && (spf === 'pass' || dkim === 'pass')) ? 'pass' : 'fail';
    return { spf, dkim, dmarc, verdict };
  } catch {
    return { spf: 'temperror', dkim: 'temperror', dmarc: 'temperror', verdict: 'fail' };
  }
}

async function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('mail verification timed out')), VERIFY_TIMEOUT_MS)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
