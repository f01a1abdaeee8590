import type { DNSResolver } from '../../../src/channels/email/verify-mail.ts';

/**
 * DNS for mail authentication in tests (a port): answers from the records
 * given, NXDOMAIN for anything else. Never real DNS. TXT records are given as
 * strings and answered in the resolver's chunked form.
 */
export function fakeDns(records: Record<string, string[]> = {}): DNSResolver {
  return async (name, rrtype) => {
    const found = records[`${rrtype.toUpperCase()} ${name.toLowerCase()}`];
    if (!found) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return rrtype.toUpperCase() === 'TXT' ? found.map((r) => [r]) : found;
  };
}

/** SPF for example.com that allows the loopback sender of the tests. */
export const LOOPBACK_SPF = { 'TXT example.com': ['v=spf1 ip4:127.0.0.1 -all'] };
