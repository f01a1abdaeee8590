import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { Deps } from '../../platform/deps.ts';
import { channelsForAddress, ingestMail } from './ingest-mail.ts';

export interface SmtpListenerOptions {
  port: number;
  host?: string;
  /** Advertised with SIZE and enforced: a larger mail is refused with 552 rather than cut. */
  maxBytes?: number;
}

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/**
 * Receives mail for the addresses of e-mail channels. A mail is acknowledged
 * (250) only after it is stored; any failure answers 451 so the sending MTA
 * keeps it and retries, and the retry is idempotent on its Message-ID.
 */
export async function startSmtpListener(deps: Deps, options: SmtpListenerOptions): Promise<SmtpListener> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH'],
    size: maxBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      channelsForAddress(deps, address.address)
        .then((found) => callback(found.length ? null : smtpError(`no mailbox ${address.address} here`, 550)))
        .catch(() => callback(smtpError('temporary failure, try again later', 451)));
    },
    onData(stream, session, callback) {
      readAll(stream)
        .then(async (raw) => {
          if (stream.sizeExceeded) return callback(smtpError(`message exceeds ${maxBytes} bytes`, 552));
          const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
          await ingestMail(deps, raw, session.envelope.rcptTo.map((r) => r.address), mailFrom);
          callback(null);
        })
        .catch((error) => {
          deps.log.error({ err: error }, 'could not store an inbound mail; answered 451');
          callback(smtpError('temporary failure, try again later', 451));
        });
    },
  });
  server.on('error', (error) => deps.log.error({ err: error }, 'SMTP listener error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
