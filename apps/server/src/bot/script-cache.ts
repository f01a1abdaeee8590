import type { ScriptDefinition } from '@switchboard/core';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

const MAX_ENTRIES = 1000;

/**
 * Published script versions are frozen, so a definition read once is valid
 * forever: no version tag needed. Bounded, oldest entry out first.
 */
export class ScriptCache {
  private readonly versions = new Map<string, ScriptDefinition>();

  async version(db: Kysely<DB>, workspaceId: string, scriptId: string, version: number): Promise<ScriptDefinition | null> {
    const key = `${workspaceId}:${scriptId}:${version}`;
    const hit = this.versions.get(key);
    if (hit) return hit;
    const row = await db
      .selectFrom('script_versions')
      .select('definition')
      .where('workspace_id', '=', workspaceId)
      .where('script_id', '=', scriptId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) return null;
    const def = row.definition as unknown as ScriptDefinition;
    if (this.versions.size >= MAX_ENTRIES) this.versions.delete(this.versions.keys().next().value!);
    this.versions.set(key, def);
    return def;
  }

  /** The latest published version: what a new run starts with. */
  async latest(db: Kysely<DB>, workspaceId: string, scriptId: string): Promise<ScriptDefinition | null> {
    const row = await db
      .selectFrom('scripts')
      .select('published_version')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', scriptId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row || row.published_version === null) return null;
    return this.version(db, workspaceId, scriptId, row.published_version);
  }
}
