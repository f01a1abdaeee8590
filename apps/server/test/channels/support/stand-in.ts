import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: any;
}

/** A Buffer body is sent as bytes with `contentType` (media downloads); anything else as JSON. */
type Reply = { status: number; body: unknown; contentType?: string };

/**
 * A local stand-in for a platform API (LINE, Telegram, Graph): records every
 * request and answers with queued replies (e.g. two 500s), then the default.
 */
export class StandIn {
  readonly requests: RecordedRequest[] = [];
  private queued: Reply[] = [];
  private server: Server;
  url = '';

  constructor(private respond: (req: RecordedRequest) => Reply = () => ({ status: 200, body: {} })) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', this.url);
        const recorded = { method: req.method ?? 'GET', path: url.pathname, url, headers: req.headers, body: text ? safeJson(text) : undefined };
        this.requests.push(recorded);
        const reply = this.queued.shift() ?? this.respond(recorded);
        if (Buffer.isBuffer(reply.body)) res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/octet-stream' }).end(reply.body);
        else res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  /** The next `count` requests get this reply instead of the default. */
  failNext(count: number, status = 500, body: unknown = { error: 'stand-in failure' }) {
    for (let i = 0; i < count; i++) this.queued.push({ status, body });
  }

  to(path: string) {
    return this.requests.filter((r) => r.path === path);
  }

  close() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function safeJson(text: string) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
