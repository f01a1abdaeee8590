import type { Config } from '../config.ts';
import type { Deps } from '../platform/deps.ts';
import { startScheduler } from '../scheduler/scheduler.ts';
import { startSmtpListener, type SmtpListener } from './email/smtp-listener.ts';
import { outboxRunner } from './outbox/runner.ts';
import { runMediaOnce } from './media/worker.ts';
import type { SmtpLimits } from './email/smtp-limits.ts';

const OUTBOX_BEAT_MS = 500;
/** Platform media (LINE content, Telegram files, WhatsApp media, Meta CDN URLs) into attachment storage. */
const MEDIA_BEAT_MS = 1000;

/**
 * The channels' background parts for a running server: the outbox worker on
 * its own scheduler beat (a slow platform never delays offer expiries) and
 * the SMTP listener. A busy SMTP port is logged, not fatal: the rest of the
 * product works without inbound mail.
 */
export async function startChannelRuntime(deps: Deps, config: Config): Promise<() => Promise<void>> {
  const outbox = outboxRunner(deps, config.OUTBOX_LEASE_MS);
  const stopOutbox = startScheduler(deps, [outbox.beat], OUTBOX_BEAT_MS);
  // A fetch cut short by shutdown keeps its lease and is taken again once it runs out.
  const stopMedia = startScheduler(deps, [async (d) => void (await runMediaOnce(d))], MEDIA_BEAT_MS);
  let smtp: SmtpListener | undefined;
  if (config.smtpPort === undefined) deps.log.info('no SMTP listener (NODE_ENV=production and SMTP_PORT unset): e-mail channels receive no mail here');
  else {
    try {
      smtp = await startSmtpListener(deps, { port: config.smtpPort, host: config.HOST, limits: smtpLimits(config) });
      deps.log.info(`SMTP listener for e-mail channels on port ${smtp.port}`);
    } catch (error) {
      deps.log.warn({ err: error }, `SMTP listener could not start on port ${config.smtpPort}; e-mail channels will not receive mail`);
    }
  }
  // Stopping lets the sends in flight finish (or hands their claims back) before the database closes.
  return async () => {
    stopOutbox();
    stopMedia();
    await Promise.all([outbox.drain(config.SHUTDOWN_DRAIN_MS), smtp?.close()]);
  };
}

/** Only the limits the operator set; the rest keep their defaults. */
function smtpLimits(config: Config): Partial<SmtpLimits> {
  const set = {
    maxBytes: config.SMTP_MAX_BYTES,
    maxClients: config.SMTP_MAX_CLIENTS,
    maxRecipients: config.SMTP_MAX_RECIPIENTS,
    maxMessagesPerConnection: config.SMTP_MAX_MESSAGES_PER_CONNECTION,
    perAddressPerMinute: config.SMTP_RATE_PER_ADDRESS,
    perSenderPerMinute: config.SMTP_RATE_PER_SENDER,
  };
  return Object.fromEntries(Object.entries(set).filter(([, v]) => v !== undefined));
}
