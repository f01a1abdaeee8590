import { documentTerms } from '@switchboard/core';
import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';

const BATCH = 500;

/**
 * Gives search terms to messages stored without them (those from before
 * message search existed), a batch per scheduler beat. Rows are claimed with
 * SKIP LOCKED, so several processes share the work; when nothing is left the
 * beat is one probe of an empty partial index. Returns how many it filled.
 */
export async function backfillSearchTerms(deps: Deps): Promise<number> {
  return deps.db.transaction().execute(async (db) => {
    const { rows } = await sql<{ id: string; text: string }>`
      SELECT id, text FROM messages WHERE search IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`.execute(db);
    if (rows.length === 0) return 0;
    const terms = rows.map((r) => ({ id: r.id, terms: documentTerms(r.text) }));
    await sql`
      UPDATE messages m SET search = array_to_tsvector(ARRAY(SELECT jsonb_array_elements_text(v.terms)))
      FROM jsonb_to_recordset(${JSON.stringify(terms)}::jsonb) AS v(id text, terms jsonb)
      WHERE m.id = v.id`.execute(db);
    return rows.length;
  });
}
