import { notFound } from '@switchboard/core';
import type { Deps } from '../deps.ts';
import type { Tx } from '../tx.ts';
import { RetryTransaction } from './conversation-store.ts';
import type { Principal } from './principal.ts';

/** One contact per external identity per channel; the name follows what the channel last said. */
export async function ensureContact(
  deps: Pick<Deps, 'ids'>,
  tx: Tx,
  workspaceId: string,
  channelId: string,
  contact: { externalId: string; name?: string },
): Promise<string> {
  const known = await tx.db
    .selectFrom('contact_identities')
    .innerJoin('contacts', 'contacts.id', 'contact_identities.contact_id')
    .select(['contacts.id', 'contacts.name'])
    .where('contact_identities.channel_id', '=', channelId)
    .where('contact_identities.external_id', '=', contact.externalId)
    .executeTakeFirst();
  if (known) {
    if (contact.name && contact.name !== known.name) {
      await tx.db.updateTable('contacts').set({ name: contact.name }).where('id', '=', known.id).execute();
    }
    return known.id;
  }
  const id = deps.ids.next('ct');
  await tx.db.insertInto('contacts').values({ id, workspace_id: workspaceId, name: contact.name ?? null, attributes: '{}', last_agent_id: null }).execute();
  const inserted = await tx.db
    .insertInto('contact_identities')
    .values({ workspace_id: workspaceId, channel_id: channelId, external_id: contact.externalId, contact_id: id })
    .onConflict((oc) => oc.columns(['channel_id', 'external_id']).doNothing())
    .returning('contact_id')
    .executeTakeFirst();
  if (!inserted) throw new RetryTransaction('contact created concurrently');
  return id;
}

export async function getContact(deps: Deps, p: Principal, id: string) {
  const row = await deps.db.selectFrom('contacts').selectAll().where('id', '=', id).where('workspace_id', '=', p.workspaceId).executeTakeFirst();
  if (!row) throw notFound('contact', id);
  const identities = await deps.db
    .selectFrom('contact_identities')
    .select(['channel_id', 'external_id'])
    .where('contact_id', '=', id)
    .execute();
  return {
    id: row.id,
    name: row.name,
    attributes: row.attributes,
    lastAgentId: row.last_agent_id,
    identities: identities.map((i) => ({ channelId: i.channel_id, externalId: i.external_id })),
  };
}
