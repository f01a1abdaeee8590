import type { MessageRow, OutboxRow } from '../../db/schema.ts';
import { withPlatformUrls } from '../../attachments/outbound-files.ts';
import type { Deps } from '../../platform/deps.ts';
import { adapterFor } from '../registry.ts';
import { retryWhileUnavailable } from '../../db/startup.ts';
import { DeliveryError, type SendContext, type SendOutcome, type Secrets } from '../types.ts';
import { claimDue, LEASE_MS, renewLease } from './claim.ts';
import { markFailedAttempt, markPartSent, markSent } from './settle.ts';
import { channelBinding } from '../../platform/secret-box.ts';

const BATCH = 20;

/**
 * Sends every outbox row due at deps.clock.now() once (tests call this
 * directly instead of sleeping). Delivery is at-least-once: a process that
 * dies after the platform accepted a message but before marking it sent
 * leaves a claim whose lease expires, and the next worker sends it again.
 */
export async function runOutboxOnce(deps: Deps, leaseMs = LEASE_MS): Promise<number> {
  const rows = await claimDue(deps, BATCH, leaseMs);
  // Claimed rows belong to different conversations (one head each), so they may go out in parallel.
  await Promise.all(rows.map((row) => deliver(deps, row, leaseMs)));
  return rows.length;
}

/**
 * Sends one claimed row and records the outcome, renewing its lease until
 * then. `failed` hears of every statement that failed (runner.ts: a database
 * away holds back the retaking of lapsed claims).
 */
export async function deliver(deps: Deps, row: OutboxRow, leaseMs = LEASE_MS, failed: (error: unknown) => void = () => {}): Promise<void> {
  const renew = setInterval(() => {
    renewLease(deps, row, leaseMs).catch((error) => {
      failed(error);
      deps.log.warn({ err: error, outboxId: row.id }, 'could not renew an outbox lease');
    });
  }, leaseMs / 3);
  renew.unref();
  try {
    await attempt(deps, row, failed);
  } finally {
    clearInterval(renew);
  }
}

async function attempt(deps: Deps, row: OutboxRow, failed: (error: unknown) => void): Promise<void> {
  let outcome: SendOutcome;
  try {
    const ctx = await loadSendContext(deps, row);
    const adapter = adapterFor(ctx.channel.type)?.outbound;
    if (!adapter) throw new DeliveryError(`channel type ${ctx.channel.type} cannot send`, true);
    outcome = await adapter.send(ctx);
  } catch (error) {
    const permanent = error instanceof DeliveryError && error.permanent;
    const response = error instanceof DeliveryError ? error.response : undefined;
    await markFailedAttempt(deps, row, (error as Error).message, permanent, response).catch((e) =>
      deps.log.error({ err: e, outboxId: row.id }, 'could not record an outbox failure; the lease will expire and retry'),
    );
    return;
  }
  // The platform has it. A PostgreSQL restart now must not lose that, or the
  // lease runs out and the customer gets it twice: retry for as long as the
  // database is away. Other processes retake a lapsed claim only once they
  // have had the database back for a whole lease (retake-gate.ts), so this
  // lands first; if the row was retaken all the same, the compare-and-set drops us.
  const record = () => markSent(deps, row, outcome.platformMessageId, outcome.response, outcome.meta).catch((error) => {
    failed(error);
    throw error;
  });
  const recorded = await retryWhileUnavailable(record, Infinity).catch((e) => {
    deps.log.error({ err: e, outboxId: row.id }, 'sent, but could not record it; it goes out again once the lease runs out');
    return undefined;
  });
  // Said, because it is the one way a live sender duplicates a message: its lease lapsed (renewals late or failing) mid-send.
  if (recorded === false) deps.log.warn({ outboxId: row.id, attempts: row.attempts }, 'sent, but the lease had run out and the row was claimed again: it goes out a second time');
}

async function loadSendContext(deps: Deps, row: OutboxRow): Promise<SendContext> {
  const channel = await deps.db.selectFrom('channels').selectAll().where('id', '=', row.channel_id).executeTakeFirstOrThrow();
  const message = await deps.db.selectFrom('messages').selectAll().where('id', '=', row.message_id).executeTakeFirstOrThrow();
  // Belt and braces: appendMessage never queues an internal note; one found here fails for good, unsent.
  if (message.private) throw new DeliveryError('an internal note is never sent to the customer', true);
  const identity = await deps.db
    .selectFrom('conversations')
    .innerJoin('contact_identities', (j) =>
      j.onRef('contact_identities.contact_id', '=', 'conversations.contact_id').onRef('contact_identities.channel_id', '=', 'conversations.channel_id'),
    )
    .select('contact_identities.external_id')
    .where('conversations.id', '=', row.conversation_id)
    .executeTakeFirst();
  if (!identity) throw new DeliveryError('the contact has no identity on this channel', true);
  return {
    deps,
    channel,
    config: channel.config,
    secrets: deps.secrets.open<Secrets>(channel.secrets, channelBinding(channel.id)) ?? {},
    recipient: identity.external_id,
    message: { ...message, attachments: withPlatformUrls(deps, message.attachments) as MessageRow['attachments'] },
    row,
    partSent: (n, platformMessageId) => markPartSent(deps, row, n, platformMessageId),
  };
}
