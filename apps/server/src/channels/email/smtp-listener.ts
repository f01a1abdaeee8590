import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Deps } from '../../platform/deps.ts';
import { channelsForAddress, ingestMail } from './ingest-mail.ts';
import { verifyMail, type DNSResolver } from './verify-mail.ts';
import { DEFAULT_SMTP_LIMITS, mailRateWait, type SmtpLimits } from './smtp-limits.ts';

export interface SmtpListenerOptions {
  port: number;
  host?: string;
  /** Advertised with SIZE and enforced while the mail arrives (shorthand for limits.maxBytes). */
  maxBytes?: number;
  limits?: Partial<SmtpLimits>;
  /** DNS for SPF/DKIM/DMARC (a port): the system's when absent; tests always pass a fake one. */
  resolver?: DNSResolver;
}

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

/**
 * Reads a mail, counting as it arrives: past `maxBytes` the chunks read so
 * far are dropped and `onOversize` runs at once, so memory is bounded by the
 * limit, not by what the sender chooses to send (issue #11, finding 2).
 */
function readCapped(stream: SMTPServerDataStream, maxBytes: number, onOversize: () => void): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let total = 0;
    stream.on('data', (c: Buffer) => {
      if (total > maxBytes) return;
      total += c.length;
      if (total <= maxBytes) return void chunks.push(c);
      chunks = [];
      resolve(undefined);
      onOversize();
    });
    stream.on('end', () => resolve(total > maxBytes ? undefined : Buffer.concat(chunks)));
    stream.on('error', (error) => (total > maxBytes ? resolve(undefined) : reject(error)));
  });
}

/**
 * Receives mail for the addresses of e-mail channels. A mail is acknowledged
 * (250) only after it is stored; any failure answers 451 so the sending MTA
 * keeps it and retries, and the retry is idempotent on its Message-ID.
 * Unauthenticated and open to the internet, so everything it accepts is
 * bounded: size while receiving, connections, recipients, and mails per
 * connection, per remote address and per envelope sender.
 */
export async function startSmtpListener(deps: Deps, options: SmtpListenerOptions): Promise<SmtpListener> {
  const limits: SmtpLimits = { ...DEFAULT_SMTP_LIMITS, ...(options.maxBytes && { maxBytes: options.maxBytes }), ...options.limits };
  /** MAIL FROM commands per open connection (RSET does not reset it). */
  const mailsOn = new Map<string, number>();
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH'],
    size: limits.maxBytes,
    rejectOversized: true,
    maxClients: limits.maxClients,
    maxRecipients: limits.maxRecipients,
    disableReverseLookup: true,
    logger: false,
    onClose(session) {
      mailsOn.delete(session.id);
    },
    onMailFrom(address, session, callback) {
      const mails = (mailsOn.get(session.id) ?? 0) + 1;
      mailsOn.set(session.id, mails);
      if (mails > limits.maxMessagesPerConnection) {
        hangUp(server, session, 421, `too many mails on one connection (${limits.maxMessagesPerConnection}); reconnect to send more`);
        return callback(smtpError('too many mails on one connection', 421));
      }
      mailRateWait(deps, limits, session.remoteAddress, address.address)
        .then((wait) => callback(wait === undefined ? null : smtpError(`4.7.0 too many mails, try again in ${wait} s`, 451)))
        .catch(() => callback(smtpError('temporary failure, try again later', 451)));
    },
    onRcptTo(address, _session, callback) {
      channelsForAddress(deps, address.address)
        .then((found) => callback(found.length ? null : smtpError(`no mailbox ${address.address} here`, 550)))
        .catch(() => callback(smtpError('temporary failure, try again later', 451)));
    },
    onData(stream, session, callback) {
      const tooBig = () => hangUp(server, session, 552, `message exceeds ${limits.maxBytes} bytes`);
      readCapped(stream, limits.maxBytes, tooBig)
        .then(async (raw) => {
          if (!raw) return callback(smtpError(`message exceeds ${limits.maxBytes} bytes`, 552));
          const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
          const auth = await verifyMail(raw, { ip: session.remoteAddress, helo: session.hostNameAppearsAs, sender: mailFrom ?? '' }, options.resolver);
          await ingestMail(deps, raw, session.envelope.rcptTo.map((r) => r.address), mailFrom, auth);
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

/** Answers and closes at once: SMTP has no way to stop a sender mid-DATA except hanging up. */
function hangUp(server: SMTPServer, session: SMTPServerSession, code: number, message: string) {
  const connection = [...server.connections].find((c) => c.id === session.id);
  connection?.send(code, message);
  connection?.close();
}
