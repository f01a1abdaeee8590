import type { Deps } from '../platform/deps.ts';
import { channelBinding } from '../platform/secret-box.ts';
import { webhookBinding } from '../integrations/webhooks.ts';

/**
 * Startup step of a key rotation (docs/security.md): every channel secret not
 * sealed with the current SECRET_KEY (an older key, or the format before key
 * ids) is opened and sealed again, bound to its channel. Each row is written
 * only if it is still what was read, so processes starting together do not
 * fight. Returns how many rows were rewritten.
 */
export async function resealChannelSecrets(deps: Deps): Promise<number> {
  const rows = await deps.db.selectFrom('channels').select(['id', 'secrets']).where('secrets', 'is not', null).execute();
  let rewritten = 0;
  for (const row of rows) {
    if (!row.secrets || deps.secrets.isCurrent(row.secrets)) continue;
    const value = deps.secrets.open(row.secrets, channelBinding(row.id));
    const result = await deps.db
      .updateTable('channels')
      .set({ secrets: deps.secrets.seal(value, channelBinding(row.id)) })
      .where('id', '=', row.id)
      .where('secrets', '=', row.secrets)
      .executeTakeFirst();
    rewritten += Number(result.numUpdatedRows);
    deps.channels.delete(row.id);
  }
  return rewritten + (await resealWebhookSecrets(deps));
}

/** Webhook signing secrets, the same way (bound to `webhook:<id>`). */
async function resealWebhookSecrets(deps: Deps): Promise<number> {
  const rows = await deps.db.selectFrom('webhooks').select(['id', 'secret_sealed']).execute();
  let rewritten = 0;
  for (const row of rows) {
    if (deps.secrets.isCurrent(row.secret_sealed)) continue;
    const value = deps.secrets.open(row.secret_sealed, webhookBinding(row.id));
    const result = await deps.db
      .updateTable('webhooks')
      .set({ secret_sealed: deps.secrets.seal(value, webhookBinding(row.id)) })
      .where('id', '=', row.id)
      .where('secret_sealed', '=', row.secret_sealed)
      .executeTakeFirst();
    rewritten += Number(result.numUpdatedRows);
  }
  return rewritten;
}
