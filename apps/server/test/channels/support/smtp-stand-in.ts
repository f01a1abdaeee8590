import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * An SMTP server on port 0 that keeps every mail it is given: the "relay" our
 * outbound mail goes through. `queueId` makes it answer like Amazon SES
 * ("250 Ok <queue id>"), which also rewrites the Message-ID.
 */
export async function startSmtpStandIn(options: { queueId?: (n: number) => string } = {}) {
  const mails: ParsedMail[] = [];
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (failures > 0) {
          failures--;
          return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
        }
        mails.push(await simpleParser(Buffer.concat(chunks)));
        if (options.queueId) return callback(null, `Ok ${options.queueId(mails.length)}`);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    failNext: (n: number) => void (failures = n),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
