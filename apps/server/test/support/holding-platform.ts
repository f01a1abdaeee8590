import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

interface Held {
  req: IncomingMessage;
  res: ServerResponse;
  body: any;
}

/**
 * A Telegram-like platform stand-in that can hold sends open: while `holding`,
 * a request gets no answer until `answerHeld()`. `delivered` counts only the
 * sends it answered 200 on a connection that was still open: a send whose
 * sender died mid-request never reached the platform as far as it knows.
 */
export class HoldingPlatform {
  holding = true;
  received: any[] = [];
  delivered: any[] = [];
  private held: Held[] = [];
  private server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
      this.received.push(body);
      if (this.holding) this.held.push({ req, res, body });
      else this.answer({ req, res, body });
    });
  });
  url = '';

  /** `reply` is the JSON body of an answer (Telegram's by default). */
  constructor(private readonly reply: (n: number) => unknown = (n) => ({ ok: true, result: { message_id: n } })) {}

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  answerHeld() {
    for (const h of this.held.splice(0)) this.answer(h);
  }

  private answer({ req, res, body }: Held) {
    if (req.socket.destroyed) return;
    // `n` is the answer's number, the id `reply` hands back (Telegram's message_id by default).
    const n = this.delivered.length + 1;
    this.delivered.push({ ...body, n, answeredAt: new Date().toISOString().slice(11, 23) });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.reply(n)));
  }

  close() {
    this.server.closeAllConnections();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
