import ipaddr from 'ipaddr.js';

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

const cidrs = (list: string[]): Cidr[] => list.map((c) => ipaddr.parseCIDR(c));

/**
 * Where the server must never send a request it was asked to make by a user:
 * the host itself, its networks, cloud metadata services and addresses that
 * are not unicast destinations at all. Written out rather than taken from a
 * library's range names so the list is the documentation (docs/security.md).
 */
const BLOCKED_V4 = cidrs([
  '0.0.0.0/8', // "this network", 0.0.0.0 reaches the host itself on Linux
  '10.0.0.0/8', // RFC 1918
  '100.64.0.0/10', // carrier-grade NAT
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local, incl. the 169.254.169.254 metadata service
  '172.16.0.0/12', // RFC 1918
  '192.0.0.0/24', // IETF protocol assignments (192.0.0.192 is a metadata address on some clouds)
  '192.0.2.0/24', // documentation
  '192.88.99.0/24', // 6to4 relay anycast
  '192.168.0.0/16', // RFC 1918
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // documentation
  '203.0.113.0/24', // documentation
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, incl. 255.255.255.255 broadcast
]);

const BLOCKED_V6 = cidrs([
  '::/128', // unspecified
  '::1/128', // loopback
  '::/96', // IPv4-compatible (deprecated): would smuggle a v4 address
  '64:ff9b:1::/48', // local-use NAT64
  '100::/64', // discard
  '2001::/32', // Teredo: the embedded v4 is obfuscated, so refuse the prefix
  '2001:db8::/32', // documentation
  'fc00::/7', // unique local (ULA), incl. fd00:ec2::254 (AWS metadata over IPv6)
  'fe80::/10', // link-local
  'fec0::/10', // site-local (deprecated)
  'ff00::/8', // multicast
]);

/** Prefixes that carry an IPv4 address inside: the embedded address is judged instead. */
const NAT64 = ipaddr.parseCIDR('64:ff9b::/96');
const SIX_TO_FOUR = ipaddr.parseCIDR('2002::/16');

export type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Unwraps IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::) to the IPv4 they reach. */
export function effectiveAddress(address: Address): Address {
  if (address.kind() === 'ipv4') return address;
  const v6 = address as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  const bytes = v6.toByteArray();
  if (v6.match(NAT64)) return new ipaddr.IPv4(bytes.slice(12, 16));
  if (v6.match(SIX_TO_FOUR)) return new ipaddr.IPv4(bytes.slice(2, 6));
  return v6;
}

const inAny = (address: Address, list: Cidr[]) => list.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));

/** True for an address no outbound request may reach unless the operator allows it. */
export function isBlockedAddress(address: Address): boolean {
  const a = effectiveAddress(address);
  return a.kind() === 'ipv4' ? inAny(a, BLOCKED_V4) : inAny(a, BLOCKED_V6);
}

/**
 * Parses an address the way an URL or a resolver hands it over. WHATWG URL
 * parsing already turns 2130706433, 0x7f.1 and 0177.0.0.1 into 127.0.0.1;
 * `parse` below accepts those legacy forms too, for addresses that did not
 * come through an URL.
 */
export function parseAddress(text: string): Address | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zoneless = bare.split('%')[0]!;
  if (ipaddr.IPv6.isValid(zoneless)) return ipaddr.IPv6.parse(zoneless);
  if (ipaddr.IPv4.isValid(zoneless)) return ipaddr.IPv4.parse(zoneless);
  return undefined;
}

export interface AllowList {
  hosts: Set<string>;
  ranges: Cidr[];
}

const normalizeHost = (host: string) => host.toLowerCase().replace(/\.$/, '');

/** `OUTBOUND_ALLOW`: comma-separated host names, addresses or CIDR ranges. Throws on an entry it cannot read. */
export function parseAllowList(value: string | undefined): AllowList {
  const allow: AllowList = { hosts: new Set(), ranges: [] };
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    if (entry.includes('/')) {
      if (!ipaddr.isValidCIDR(entry)) throw new Error(`OUTBOUND_ALLOW: "${entry}" is not a CIDR range`);
      allow.ranges.push(ipaddr.parseCIDR(entry));
      continue;
    }
    const address = parseAddress(entry);
    if (address) allow.ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    else if (/^[a-z0-9.-]+$/i.test(entry)) allow.hosts.add(normalizeHost(entry));
    else throw new Error(`OUTBOUND_ALLOW: "${entry}" is not a host, an address or a CIDR range`);
  }
  return allow;
}

export const isAllowedHost = (allow: AllowList, hostname: string) => allow.hosts.has(normalizeHost(hostname));

/** An allowed range matches the address as written and the IPv4 it unwraps to (::ffff:127.0.0.1 is 127.0.0.1). */
export function isAllowedAddress(allow: AllowList, address: Address): boolean {
  return inAny(address, allow.ranges) || inAny(effectiveAddress(address), allow.ranges);
}

/** The verdict for one address a request would connect to. */
export function mayConnect(allow: AllowList, address: Address): boolean {
  return !isBlockedAddress(address) || isAllowedAddress(allow, address);
}
