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
  if (users.length === 0 && !events.some((e) => e.platformMeta?.speaker)) return;
  const known = users.length
    ? await deps.db.selectFrom('contact_identities').select('external_id').where('channel_id', '=', ctx.channel.id).where('external_id', 'in', users).execute()
    : [];
  const seen = new Set(known.map((k) => k.external_id));
  let client: ReturnType<typeof lineClient>;
  try {
    client = lineClient(deps, ctx.config, ctx.secrets);
  } catch {
    return; // an apiBaseUrl the operator did not allow: no names, the messages still count
  }
  for (const userId of users.filter((u) => !seen.has(u))) {
    const name = await withTimeout(client.getProfile(userId).then((p) => p.displayName));
    if (name) for (const e of events) if (e.contact.externalId === userId) e.contact.name = name;
  }
  await speakerNames(events, client);
}

/** Who spoke in a group (C…) or room (R…): the member profile API, once per speaker in this request. */
async function speakerNames(events: InboundEvent[], client: ReturnType<typeof lineClient>): Promise<void> {
  const names = new Map<string, Promise<string | undefined>>();
  for (const e of events) {
    const speaker = e.platformMeta?.speaker;
    if (!speaker) continue;
    const chat = e.contact.externalId.startsWith('C') ? { groupId: e.contact.externalId } : { roomId: e.contact.externalId };
    const key = `${e.contact.externalId}/${speaker.id}`;
    if (!names.has(key)) names.set(key, withTimeout(client.getMemberProfile(chat, speaker.id).then((p) => p.displayName)));
    const name = await names.get(key);
    if (name) speaker.name = name;
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
