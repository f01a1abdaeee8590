import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBlockedAddress, mayConnect, parseAddress, parseAllowList } from '../../src/platform/address-policy.ts';
import { OutboundHttp, type Resolver } from '../../src/platform/outbound-http.ts';

const blocked = (text: string) => isBlockedAddress(parseAddress(text)!);

describe('address rules', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'RFC 1918'],
    ['172.16.0.1', 'RFC 1918'],
    ['172.31.255.255', 'RFC 1918'],
    ['192.168.1.1', 'RFC 1918'],
    ['100.64.0.1', 'CGNAT'],
    ['169.254.169.254', 'metadata'],
    ['169.254.0.1', 'link-local'],
    ['192.0.0.192', 'metadata on some clouds'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
    ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
    ['::127.0.0.1', 'IPv4-compatible'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['2002:7f00:1::', '6to4 of loopback'],
    ['fd00:ec2::254', 'AWS metadata over IPv6'],
    ['fc00::1', 'ULA'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
  ])('refuses %s (%s)', (address) => {
    expect(blocked(address)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])(
    'lets a public address through: %s',
    (address) => {
      expect(blocked(address)).toBe(false);
    },
  );

  it('reads the legacy IPv4 spellings as the address they mean', () => {
    for (const form of ['2130706433', '0x7f000001', '0177.0.0.1', '127.1']) expect(parseAddress(form)?.toString(), form).toBe('127.0.0.1');
  });

  it('lets OUTBOUND_ALLOW open hosts, addresses and ranges, mapped forms included', () => {
    const allow = parseAllowList(' 127.0.0.0/8 , ::1,stand-in.test.,10.0.0.5');
    expect([...allow.hosts]).toEqual(['stand-in.test']);
    expect(mayConnect(allow, parseAddress('127.0.0.9')!)).toBe(true);
    expect(mayConnect(allow, parseAddress('::ffff:127.0.0.1')!)).toBe(true);
    expect(mayConnect(allow, parseAddress('::1')!)).toBe(true);
    expect(mayConnect(allow, parseAddress('10.0.0.5')!)).toBe(true);
    expect(mayConnect(allow, parseAddress('10.0.0.6')!)).toBe(false);
    expect(mayConnect(allow, parseAddress('169.254.169.254')!)).toBe(false);
  });

  it('refuses an OUTBOUND_ALLOW entry it cannot read', () => {
    expect(() => parseAllowList('127.0.0.0/33')).toThrow(/CIDR/);
    expect(() => parseAllowList('bad host!')).toThrow(/not a host/);
  });
});

describe('the outbound client', () => {
  let server: Server;
  let port = 0;
  const hits: string[] = [];
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/ok': (_req, res) => res.end('{"ok":true}'),
    '/secret': (_req, res) => res.end('internal answer'),
    '/big': (_req, res) => res.end('x'.repeat(2000)),
    '/big-chunked': (_req, res) => {
      for (let i = 0; i < 20; i++) res.write('x'.repeat(100));
      res.end();
    },
    '/headers': (req, res) => res.end(JSON.stringify({ authorization: req.headers.authorization ?? null })),
    '/hang': () => undefined,
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      hits.push(url.pathname);
      if (url.pathname === '/redirect') return void res.writeHead(302, { location: url.searchParams.get('to')! }).end();
      (routes[url.pathname] ?? ((_q, r) => r.writeHead(404).end()))(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  /** Made-up names: *.allowed.test and internal.test resolve to the loopback stand-in. */
  const resolver: Resolver = async (host) => (host.endsWith('.test') ? [{ address: '127.0.0.1', family: 4 }] : []);
  const client = (allow = '') => new OutboundHttp(parseAllowList(allow), resolver);

  it('refuses every spelling of loopback before connecting, although something answers there', async () => {
    const http = client();
    for (const host of [
      '127.0.0.1',
      '2130706433',
      '0x7f.0.0.1',
      '0177.0.0.1',
      '127.1',
      '127.0.0.1.',
      '[::ffff:127.0.0.1]',
      '[::ffff:7f00:1]',
      '[::1]',
      '[0:0:0:0:0:0:0:1]',
      '0.0.0.0',
    ]) {
      await expect(http.request(`http://${host}:${port}/secret`), host).rejects.toMatchObject({ kind: 'refused' });
    }
    expect(hits).not.toContain('/secret');
    await http.close();
  });

  it('checks the address a name resolves to, and connects to that very address', async () => {
    const lookups: string[] = [];
    const http = new OutboundHttp(
      parseAllowList('127.0.0.1'),
      async (host) => (lookups.push(host), host === 'internal.test' ? [{ address: '127.0.0.1', family: 4 }] : []),
    );
    const res = await http.request(`http://internal.test:${port}/ok`);
    expect(res.text()).toBe('{"ok":true}');
    expect(lookups).toEqual(['internal.test']); // one lookup, the one that was checked: no second answer to rebind to
    await http.close();
    const strict = client();
    await expect(strict.request(`http://internal.test:${port}/secret`)).rejects.toMatchObject({ kind: 'refused' });
    await strict.close();
  });

  it('checks every redirect hop: an allowed host cannot bounce the request to a blocked one', async () => {
    const http = client('a.allowed.test');
    const ok = await http.request(`http://a.allowed.test:${port}/redirect?to=${encodeURIComponent(`http://a.allowed.test:${port}/ok`)}`);
    expect(ok.text()).toBe('{"ok":true}');
    for (const target of [`http://127.0.0.1:${port}/secret`, `http://internal.test:${port}/secret`, `http://[::ffff:127.0.0.1]:${port}/secret`]) {
      await expect(http.request(`http://a.allowed.test:${port}/redirect?to=${encodeURIComponent(target)}`), target).rejects.toMatchObject({ kind: 'refused' });
    }
    expect(hits).not.toContain('/secret');
    await http.close();
  });

  it('follows a bounded number of redirects and drops credentials when the origin changes', async () => {
    const http = client('a.allowed.test,b.allowed.test');
    const hop = (to: string) => `http://a.allowed.test:${port}/redirect?to=${encodeURIComponent(to)}`;
    await expect(http.request(hop(hop(hop(hop(`http://a.allowed.test:${port}/ok`)))))).rejects.toMatchObject({ kind: 'too_many_redirects' });
    const same = await http.request(hop(`http://a.allowed.test:${port}/headers`), { headers: { authorization: 'Bearer t' } });
    expect(JSON.parse(same.text())).toEqual({ authorization: 'Bearer t' });
    const other = await http.request(hop(`http://b.allowed.test:${port}/headers`), { headers: { authorization: 'Bearer t' } });
    expect(JSON.parse(other.text())).toEqual({ authorization: null });
    await http.close();
  });

  it('stops reading past the size cap, declared or not, and gives up at the timeout', async () => {
    const http = client('127.0.0.1');
    await expect(http.request(`http://127.0.0.1:${port}/big`, { maxBytes: 1000 })).rejects.toMatchObject({ kind: 'too_large' });
    await expect(http.request(`http://127.0.0.1:${port}/big-chunked`, { maxBytes: 1000 })).rejects.toMatchObject({ kind: 'too_large' });
    expect((await http.request(`http://127.0.0.1:${port}/big`, { maxBytes: 2000 })).body.length).toBe(2000);
    await expect(http.request(`http://127.0.0.1:${port}/hang`, { timeoutMs: 200 })).rejects.toMatchObject({ kind: 'timeout' });
    await http.close();
  });

  it('refuses schemes other than http(s) and URLs with credentials', async () => {
    const http = client('127.0.0.1');
    await expect(http.request('file:///etc/passwd')).rejects.toMatchObject({ kind: 'bad_url' });
    await expect(http.request(`http://user:pw@127.0.0.1:${port}/ok`)).rejects.toMatchObject({ kind: 'bad_url' });
    await http.close();
  });
});
