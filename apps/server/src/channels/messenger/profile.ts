import type { Deps } from '../../platform/deps.ts';
import { GRAPH_API, graphVersion } from '../meta/verification.ts';
import { baseUrl, parseMaybeJson } from '../outbox/http-send.ts';
import type { InboundEvent, WebhookContext } from '../types.ts';

const PROFILE_TIMEOUT_MS = 3000;

/**
 * Messenger and Instagram webhooks carry no name; the User Profile API
 * (`GET /<PSID or IGSID>?fields=…`) does. Asked once per new contact, capped
 * at 3 s, never failing the webhook: a missing name is better than a lost message.
 */
export const fetchProfileNames = (events: InboundEvent[], ctx: WebhookContext, deps: Deps) => profileNames(GRAPH_API)(events, ctx, deps);

/** The same lookup against another Graph host (Instagram API with Instagram Login: graph.instagram.com). */
export const profileNames = (official: string) => async (events: InboundEvent[], ctx: WebhookContext, deps: Deps): Promise<void> => {
  const ids = [...new Set(events.map((e) => e.contact.externalId))];
  if (ids.length === 0) return;
  const known = await deps.db.selectFrom('contact_identities').select('external_id').where('channel_id', '=', ctx.channel.id).where('external_id', 'in', ids).execute();
  const seen = new Set(known.map((k) => k.external_id));
  let base: string;
  try {
    base = `${baseUrl(deps.outbound, ctx.config.apiBaseUrl, official)}/${graphVersion(ctx.config.version)}`;
  } catch {
    return;
  }
  const token = encodeURIComponent(ctx.secrets.pageAccessToken ?? ctx.secrets.accessToken ?? '');
  const fields = ctx.channel.type === 'instagram' ? 'name,username' : 'first_name,last_name';
  for (const id of ids.filter((x) => !seen.has(x))) {
    const name = await profileName(deps, `${base}/${encodeURIComponent(id)}?fields=${fields}&access_token=${token}`);
    if (name) for (const e of events) if (e.contact.externalId === id) e.contact.name = name;
  }
};

async function profileName(deps: Deps, url: string): Promise<string | undefined> {
  try {
    const res = await deps.outbound.request(url, { method: 'GET', timeoutMs: PROFILE_TIMEOUT_MS });
    if (res.status !== 200) return undefined;
    const p = parseMaybeJson(res.text()) as { name?: unknown; first_name?: unknown; last_name?: unknown; username?: unknown } | null;
    const name = [p?.first_name, p?.last_name].filter((x) => typeof x === 'string' && x).join(' ') || p?.name || p?.username;
    return typeof name === 'string' && name ? name.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}
