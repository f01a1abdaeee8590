import type { ChannelRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { applyReceipt } from '../outbox/receipts.ts';
import type { AutomatedMail } from './automated.ts';

/** A report that is not a final failure ("delayed": the remote MTA is still trying; "delivered", "relayed", "expanded") changes nothing. */
const isFailure = (m: AutomatedMail) => m.kind === 'bounce' && (m.action === undefined || m.action === 'failed');

/**
 * A bounce of one of our replies marks that reply failed, the way a platform's
 * failed status does (the agent sees why on the message); anything else
 * automated is only logged. Neither ever reaches a conversation.
 */
export async function settleAutomated(deps: Deps, channels: ChannelRow[], mail: AutomatedMail): Promise<void> {
  let marked = 0;
  if (isFailure(mail)) {
    for (const channel of channels) {
      for (const platformMessageId of mail.references) {
        if (await applyReceipt(deps, channel, { kind: 'receipt', platformMessageId, status: 'failed', error: `bounced: ${mail.reason}`.slice(0, 2000) })) marked++;
      }
    }
  }
  deps.log.info({ kind: mail.kind, because: mail.because, action: mail.action, reason: mail.reason, references: mail.references, marked }, 'automated mail accepted and dropped');
}
