import type { Deps } from '../../platform/deps.ts';
import type { InboundEvent, WebhookContext } from '../types.ts';
import { lineClient } from './client.ts';

const PROFILE_TIMEOUT_MS = 3000;

/**
 * LINE webhooks carry no display name; the profile API does. Asked once per
 * new user only, and never allowed to fail or stall the webhook: a missing
 * name is better than a lost message.
 */
export async function fetchDisplayNames(events: InboundEvent[], ctx: WebhookContext, deps: Deps): Promise<void> {
  const users = [...new Set(events.map((e) => e.contact.externalId).filter((id) => id.startsWith('U')))];
  if (users.length === 0) return;
  const known = await deps.db
    .selectFrom('contact_identities')
    .select('external_id')
    .where('channel_id', '=', ctx.channel.id)
    .where('external_id', 'in', users)
    .execute();
  const seen = new Set(known.map((k) => k.external_id));
  const client = await lineClient(ctx.config, ctx.secrets);
  for (const userId of users.filter((u) => !seen.has(u))) {
    const name = await withTimeout(client.getProfile(userId).then((p) => p.displayName));
    if (name) for (const e of events) if (e.contact.externalId === userId) e.contact.name = name;
  }
}

async function withTimeout<T>(work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), PROFILE_TIMEOUT_MS)));
  try {
    return await Promise.race([work.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
