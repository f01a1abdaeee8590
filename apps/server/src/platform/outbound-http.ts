import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import { isAllowedAddress, isAllowedHost, mayConnect, parseAddress, type AllowList } from './address-policy.ts';

/** Host name → addresses; the system resolver by default, a fake one in tests (a port). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;
const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export type OutboundFailure = 'refused' | 'bad_url' | 'timeout' | 'too_large' | 'too_many_redirects' | 'network';

/** Messages name the host only, never the URL: Telegram's token is in the path. */
export class OutboundError extends Error {
  constructor(
    readonly kind: OutboundFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface OutboundRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The whole call: connection, every redirect and the body. */
  timeoutMs?: number;
  /** A larger answer is a failure, read no further than this. */
  maxBytes?: number;
  maxRedirects?: number;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Where the answer came from, after redirects. */
  url: string;
  body: Buffer;
  text(): string;
}

const DEFAULTS = { timeoutMs: 20_000, maxBytes: 1_000_000, maxRedirects: 3 };
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Dropped when a redirect leaves the origin, as browsers do: a token must not follow a Location header. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization', 'x-line-retry-key'];

type LookupCallback = (err: Error | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The one HTTP client for everything the server fetches on someone's behalf
 * (script steps, channel APIs, e-mail attachment URLs). Each connection's
 * address is chosen by our own lookup and checked there, after DNS, so the
 * socket connects to exactly the address that passed (no rebinding between
 * check and use); literal addresses are checked before the request, and every
 * redirect is followed by hand so each hop goes through both checks again.
 */
export class OutboundHttp {
  private readonly agent: Agent;
  /** Exact origins (scheme, host, port) allowed besides OUTBOUND_ALLOW: the demo's own order endpoint. */
  private readonly origins = new Set<string>();

  constructor(
    readonly allow: AllowList,
    private readonly resolve: Resolver = systemResolver,
  ) {
    this.agent = new Agent({ connect: { lookup: this.lookup, timeout: 10_000 }, headersTimeout: 20_000, bodyTimeout: 20_000 });
  }

  async request(input: string, init: OutboundRequest = {}): Promise<OutboundResponse> {
    const limits = { ...DEFAULTS, ...init };
    const signal = AbortSignal.timeout(limits.timeoutMs);
    let url = this.checkUrl(input);
    let method = init.method ?? 'GET';
    let body = init.body;
    let headers = { ...init.headers };
    for (let hop = 0; ; hop++) {
      const res = await this.send(url, { method, headers, body, signal });
      const location = res.headers.location;
      if (!REDIRECTS.has(res.statusCode) || typeof location !== 'string') return this.read(url, res, limits.maxBytes);
      await res.body.dump();
      if (hop >= limits.maxRedirects) throw new OutboundError('too_many_redirects', `${url.host} redirected more than ${limits.maxRedirects} times`);
      const next = this.checkUrl(new URL(location, url).toString());
      if (next.origin !== url.origin) headers = withoutCredentials(headers);
      if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'content-type'));
      }
      url = next;
    }
  }

  /** Whether an URL an admin configured names a host the operator allowed (by name or address): for base URLs that receive tokens. */
  isOperatorAllowed(input: string): boolean {
    const url = URL.canParse(input) ? new URL(input) : undefined;
    if (!url) return false;
    const literal = parseAddress(url.hostname);
    if (literal) return isAllowedAddress(this.allow, literal);
    return isAllowedHost(this.allow, url.hostname);
  }

  /** Lets requests reach one exact origin, e.g. this server's own address in the demo; nothing else on that host. */
  allowOrigin(origin: string): void {
    this.origins.add(new URL(origin).origin);
  }

  private closing: Promise<void> | undefined;

  /** Once, however often a container is closed; a request still in flight then fails as an ordinary outbound error. */
  close(): Promise<void> {
    this.closing ??= this.agent.close().catch(() => undefined);
    return this.closing;
  }

  private checkUrl(input: string): URL {
    if (!URL.canParse(input)) throw new OutboundError('bad_url', 'not an absolute URL');
    const url = new URL(input);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError('bad_url', `${url.protocol} URLs are not fetched`);
    if (url.username || url.password) throw new OutboundError('bad_url', 'URLs with credentials are not fetched');
    // A literal address opens no DNS lookup, so our lookup never sees it: judge it here.
    const literal = parseAddress(url.hostname);
    if (literal && !this.origins.has(url.origin) && !isAllowedHost(this.allow, url.hostname) && !mayConnect(this.allow, literal)) throw refused(url.hostname);
    return url;
  }

  private async send(url: URL, options: { method: string; headers: Record<string, string>; body?: string | Buffer; signal: AbortSignal }) {
    try {
      return await undiciRequest(url, { ...options, method: options.method as Dispatcher.HttpMethod, dispatcher: this.agent });
    } catch (error) {
      throw asOutboundError(error, url);
    }
  }

  private async read(url: URL, res: Dispatcher.ResponseData, maxBytes: number): Promise<OutboundResponse> {
    const declared = Number(res.headers['content-length']);
    if (declared > maxBytes) {
      discard(res);
      throw tooLarge(url, maxBytes);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of res.body) {
        total += (chunk as Buffer).length;
        if (total > maxBytes) {
          discard(res);
          throw tooLarge(url, maxBytes);
        }
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      throw asOutboundError(error, url);
    }
    const body = Buffer.concat(chunks);
    return { status: res.statusCode, headers: res.headers, url: url.toString(), body, text: () => body.toString('utf8') };
  }

  /** Called by the socket in place of dns.lookup: resolve, keep the first address that may be reached, connect to it. */
  private readonly lookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    this.pick(hostname).then(
      (found) => (options.all ? callback(null, [found]) : callback(null, found.address, found.family)),
      (error: Error) => callback(error, ''),
    );
  };

  private async pick(hostname: string): Promise<LookupAddress> {
    const found = await this.resolve(hostname);
    if (isAllowedHost(this.allow, hostname) && found[0]) return found[0];
    const ok = found.find((f) => {
      const address = parseAddress(f.address);
      return address !== undefined && mayConnect(this.allow, address);
    });
    if (!ok) throw refused(hostname);
    return ok;
  }
}

const refused = (host: string) =>
  new OutboundError('refused', `${host} is a local, private or reserved address; outbound requests may not reach it unless OUTBOUND_ALLOW lists it`);
const tooLarge = (url: URL, maxBytes: number) => new OutboundError('too_large', `${url.host} answered more than ${maxBytes} bytes`);

/** Closes the connection mid-body; the abort it causes is expected, not an error to surface. */
function discard(res: Dispatcher.ResponseData) {
  res.body.on('error', () => undefined);
  res.body.destroy();
}

const withoutCredentials = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => !CREDENTIAL_HEADERS.includes(k.toLowerCase())));

function asOutboundError(error: unknown, url: URL): OutboundError {
  for (let e = error as { cause?: unknown; name?: string; code?: string } | undefined; e; e = e.cause as typeof e) {
    if (e instanceof OutboundError) return e;
    if (e.name === 'TimeoutError' || e.name === 'AbortError' || /TIMEOUT/.test(e.code ?? ''))
      return new OutboundError('timeout', `${url.host} did not answer in time`);
  }
  const code = (error as { code?: string }).code;
  return new OutboundError('network', `${url.host}: ${code ?? 'connection failed'}`);
}
