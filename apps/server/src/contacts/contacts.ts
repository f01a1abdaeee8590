import { DomainError, notFound } from '@switchboard/core';
import { CONTACT_ATTRIBUTE_LIMITS, jsonBytes } from '@switchboard/protocol';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';
import { transact, type Deps } from '../platform/deps.ts';
import { RetryTransaction, type Tx } from '../platform/tx.ts';
import { actorOf, type Principal } from '../platform/principal.ts';
import { recordAudit } from '../security/audit.ts';

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

type ContactRow = Selectable<DB['contacts']>;
type Attributes = Record<string, unknown>;

export interface ContactFilter {
  q?: string;
  channelId?: string;
  limit: number;
  cursor?: string;
}

export interface ContactPatch {
  name?: string | null;
  attributes?: Attributes;
}

/** Contacts with their identities in one statement: a page of contacts costs one round trip. */
function selectContacts(db: Kysely<DB>, workspaceId: string) {
  return db
    .selectFrom('contacts as c')
    .select(['c.id', 'c.name', 'c.attributes', 'c.last_agent_id'])
    .select(
      sql<Array<{ channelId: string; externalId: string }>>`COALESCE((
        SELECT jsonb_agg(jsonb_build_object('channelId', ci.channel_id, 'externalId', ci.external_id) ORDER BY ci.channel_id, ci.external_id)
        FROM contact_identities ci WHERE ci.contact_id = c.id), '[]'::jsonb)`.as('identities'),
    )
    .where('c.workspace_id', '=', workspaceId);
}

type ContactWithIdentities = Awaited<ReturnType<ReturnType<typeof selectContacts>['execute']>>[number];

function contactView(row: ContactWithIdentities) {
  return { id: row.id, name: row.name, attributes: row.attributes, lastAgentId: row.last_agent_id, identities: row.identities };
}

async function readContact(db: Kysely<DB>, workspaceId: string, id: string) {
  const row = await selectContacts(db, workspaceId).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('contact', id);
  return contactView(row);
}

export async function getContact(deps: Deps, p: Principal, id: string) {
  return readContact(deps.db, p.workspaceId, id);
}

/**
 * Newest first (ids are time-ordered), keyset-paginated on the id. `q` is a
 * name substring, any case, or an identity's exact externalId.
 */
export async function listContacts(deps: Deps, p: Principal, f: ContactFilter) {
  let query = selectContacts(deps.db, p.workspaceId);
  const onChannel = f.channelId ? sql`AND ci.channel_id = ${f.channelId}` : sql``;
  if (f.channelId) query = query.where(sql<boolean>`EXISTS (SELECT 1 FROM contact_identities ci WHERE ci.contact_id = c.id ${onChannel})`);
  const text = f.q?.trim();
  if (text) {
    const contains = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    query = query.where(
      sql<boolean>`(c.name ILIKE ${contains} OR EXISTS (SELECT 1 FROM contact_identities ci WHERE ci.contact_id = c.id AND ci.external_id = ${text} ${onChannel}))`,
    );
  }
  if (f.cursor) query = query.where('c.id', '<', f.cursor);
  const rows = await query
    .orderBy('c.id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit);
  return { items: page.map(contactView), nextCursor: rows.length > f.limit ? page.at(-1)!.id : null };
}

/**
 * Locks the contacts in id order, so two transactions locking the same pair
 * (two opposite merges) queue behind each other instead of deadlocking.
 */
async function lockContacts(tx: Tx, workspaceId: string, ids: string[]): Promise<Map<string, ContactRow>> {
  const rows = await tx.db
    .selectFrom('contacts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
  const found = new Map(rows.map((r) => [r.id, r]));
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw notFound('contact', missing);
  return found;
}

/** Shallow merge: a key set to null is removed. Growing past the limits is refused; shrinking never is. */
function patchAttributes(stored: Attributes, patch: Attributes): Attributes {
  const merged = new Map(Object.entries(stored));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) merged.delete(key);
    else merged.set(key, value);
  }
  const result = Object.fromEntries(merged);
  const grows = Object.values(patch).some((v) => v !== null);
  const { keys, bytes } = CONTACT_ATTRIBUTE_LIMITS;
  if (grows && (merged.size > keys || jsonBytes(result) > bytes)) {
    throw new DomainError('VALIDATION_FAILED', `a contact's attributes may hold at most ${keys} keys and ${bytes} bytes of JSON; remove some first`);
  }
  return result;
}

export async function updateContact(deps: Deps, p: Principal, id: string, patch: ContactPatch) {
  return transact(deps, async (tx) => {
    const row = (await lockContacts(tx, p.workspaceId, [id])).get(id)!;
    const before = await readContact(tx.db, p.workspaceId, id);
    const attributes = patch.attributes && patchAttributes(row.attributes, patch.attributes);
    await tx.db
      .updateTable('contacts')
      .set({ ...(patch.name !== undefined && { name: patch.name }), ...(attributes && { attributes: JSON.stringify(attributes) }) })
      .where('id', '=', id)
      .execute();
    const after = await readContact(tx.db, p.workspaceId, id);
    await recordAudit(tx, p, 'contact.updated', 'contact', id, before, after);
    return after;
  });
}

/**
 * `otherId` becomes part of `id`: its identities, conversations and web-chat
 * sessions move over, and its row is deleted. This contact's name, attributes
 * and last agent win; the other's fill what this one lacks.
 */
export async function mergeContacts(deps: Deps, p: Principal, id: string, otherId: string) {
  if (id === otherId) throw new DomainError('VALIDATION_FAILED', 'a contact cannot be merged into itself');
  return transact(deps, async (tx) => {
    const locked = await lockContacts(tx, p.workspaceId, [id, otherId]);
    const kept = locked.get(id)!;
    const other = locked.get(otherId)!;
    const before = { contact: await readContact(tx.db, p.workspaceId, id), merged: await readContact(tx.db, p.workspaceId, otherId) };
    // New conversations need a key-share lock on their contact, which ours blocks: this check holds until COMMIT.
    await assertNoOpenClash(tx, id, otherId);
    await recordMove(tx, p, otherId, id);
    await tx.db.updateTable('conversations').set({ contact_id: id }).where('contact_id', '=', otherId).execute();
    await tx.db.updateTable('contact_identities').set({ contact_id: id }).where('contact_id', '=', otherId).execute();
    await tx.db.updateTable('webchat_sessions').set({ contact_id: id }).where('contact_id', '=', otherId).execute();
    await tx.db
      .updateTable('contacts')
      .set({
        name: kept.name ?? other.name,
        attributes: JSON.stringify({ ...other.attributes, ...kept.attributes }),
        last_agent_id: kept.last_agent_id ?? other.last_agent_id,
      })
      .where('id', '=', id)
      .execute();
    await tx.db.deleteFrom('contacts').where('id', '=', otherId).execute();
    tx.emit({ type: 'contact.merged', workspaceId: p.workspaceId, data: { id, mergedId: otherId } });
    const after = await readContact(tx.db, p.workspaceId, id);
    await recordAudit(tx, p, 'contact.merged', 'contact', id, before, after);
    return after;
  });
}

/** Two open conversations on one channel cannot belong to one contact (index conversations_one_open). */
async function assertNoOpenClash(tx: Tx, id: string, otherId: string) {
  const open = await tx.db
    .selectFrom('conversations')
    .select(['id', 'channel_id', 'contact_id'])
    .where('contact_id', 'in', [id, otherId])
    .where('status', '<>', 'completed')
    .orderBy('id')
    .execute();
  const byChannel = new Map<string, typeof open>();
  for (const c of open) byChannel.set(c.channel_id, [...(byChannel.get(c.channel_id) ?? []), c]);
  // One open conversation per contact per channel: two on a channel means one of each.
  const channels = [...byChannel].filter(([, convs]) => convs.length > 1).map(([channelId, convs]) => ({ channelId, conversationIds: convs.map((c) => c.id) }));
  if (channels.length === 0) return;
  const names = channels.map((c) => `${c.channelId} (${c.conversationIds.join(', ')})`).join('; ');
  throw new DomainError('CONFLICT', `both contacts have an open conversation on channel ${names}; close one of them first`, { channels });
}

/** One history row per conversation that changes contact, so its history says why its contactId moved. */
async function recordMove(tx: Tx, p: Principal, fromId: string, toId: string) {
  const actor = actorOf(p);
  const data = JSON.stringify({ fromContactId: fromId, toContactId: toId });
  await sql`
    INSERT INTO conversation_events (workspace_id, conversation_id, at, type, cause, actor_type, actor_id, data)
    SELECT workspace_id, id, ${tx.now}::int8, 'contact_merged', 'contact_merge', ${actor.actorType}::text, ${actor.actorId}::text, ${data}::jsonb
    FROM conversations WHERE contact_id = ${fromId}`.execute(tx.db);
}
