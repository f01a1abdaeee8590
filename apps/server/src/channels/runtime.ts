import type { Config } from '../config.ts';
import type { Deps } from '../platform/deps.ts';
import { startScheduler } from '../scheduler/scheduler.ts';
import { startSmtpListener, type SmtpListener } from './email/smtp-listener.ts';
import { outboxRunner } from './outbox/runner.ts';

const OUTBOX_BEAT_MS = 500;

/**
 * The channels' background parts for a running server: the outbox worker on
 * its own scheduler beat (a slow platform never delays offer expiries) and
 * the SMTP listener. A busy SMTP port is logged, not fatal: the rest of the
 * product works without inbound mail.
 */
type RuntimeConfig = Pick<Config, 'SMTP_PORT' | 'HOST' | 'OUTBOX_LEASE_MS' | 'SHUTDOWN_DRAIN_MS'>;

export async function startChannelRuntime(deps: Deps, config: RuntimeConfig): Promise<() => Promise<void>> {
  const outbox = outboxRunner(deps, config.OUTBOX_LEASE_MS);
  const stopOutbox = startScheduler(deps, [outbox.beat], OUTBOX_BEAT_MS);
  let smtp: SmtpListener | undefined;
  try {
    smtp = await startSmtpListener(deps, { port: config.SMTP_PORT, host: config.HOST });
    deps.log.info(`SMTP listener for e-mail channels on port ${smtp.port}`);
  } catch (error) {
    deps.log.warn({ err: error }, `SMTP listener could not start on port ${config.SMTP_PORT}; e-mail channels will not receive mail`);
  }
  // Stopping lets the sends in flight finish (or hands their claims back) before the database closes.
  return async () => {
    stopOutbox();
    await Promise.all([outbox.drain(config.SHUTDOWN_DRAIN_MS), smtp?.close()]);
  };
}
