import { connect, type Socket } from 'node:net';

/**
 * A bare SMTP client over a socket, for what nodemailer will not do: hold
 * many connections, skip SIZE, keep writing after the server has answered.
 */
export class RawSmtp {
  private buffer = '';
  private waiters: Array<(line: string) => void> = [];
  readonly replies: string[] = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      this.buffer += d;
      let i;
      while ((i = this.buffer.indexOf('\r\n')) >= 0) {
        const line = this.buffer.slice(0, i);
        this.buffer = this.buffer.slice(i + 2);
        if (/^\d{3}-/.test(line)) continue; // a multi-line reply: keep its last line
        this.replies.push(line);
        this.waiters.shift()?.(line);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w('closed');
    });
  }

  static async open(port: number): Promise<RawSmtp> {
    const socket = connect(port, '127.0.0.1');
    const client = new RawSmtp(socket);
    await client.reply(); // greeting (or 421 when full)
    return client;
  }

  /** The next reply line not yet taken. */
  reply(): Promise<string> {
    const ready = this.replies.length > this.taken ? this.replies[this.taken] : undefined;
    if (ready !== undefined) return Promise.resolve(this.replies[this.taken++]!);
    return new Promise((resolve) => this.waiters.push(() => resolve(this.replies[this.taken++] ?? 'closed')));
  }
  private taken = 0;

  async command(line: string): Promise<string> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  /** Writes without waiting for a reply; resolves once the socket takes the bytes (or false if it is gone). */
  write(data: string | Buffer): Promise<boolean> {
    if (this.closed || this.socket.destroyed) return Promise.resolve(false);
    return new Promise((resolve) => this.socket.write(data, (err) => resolve(!err)));
  }

  async envelope(from: string, to: string[]): Promise<string[]> {
    const out = [await this.command(`MAIL FROM:<${from}>`)];
    for (const r of to) out.push(await this.command(`RCPT TO:<${r}>`));
    return out;
  }

  close() {
    this.socket.destroy();
  }
}
