import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SERVER_ROOT } from '../server-root.ts';
import type { DatabaseHandle } from './database.ts';

const MIGRATIONS_DIR = join(SERVER_ROOT, 'src/db/migrations/');
// Any constant works: it only has to be the same in every process of a deployment.
const MIGRATION_LOCK = 728_301;

/** The migrations this build carries, in order. */
export async function migrationNames(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
}

/**
 * Applies plain SQL migrations in file-name order, each once, each in its own
 * transaction. An advisory lock keeps two processes starting together from
 * applying the same file twice. Landed files are never edited: add a new one.
 */
export async function migrate(handle: DatabaseHandle): Promise<string[]> {
  const files = await migrationNames();
  return handle.session(async (exec) => {
    await exec(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await exec(`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
      const rows = (await exec(`SELECT name FROM schema_migrations`)) as Array<{ name: string }>;
      const done = new Set(rows.map((r) => r.name));
      const applied: string[] = [];
      for (const file of files.filter((f) => !done.has(f))) {
        const sql = await readFile(MIGRATIONS_DIR + file, 'utf8');
        const name = file.replace(/'/g, "''");
        try {
          await exec(`BEGIN;\n${sql}\nINSERT INTO schema_migrations (name) VALUES ('${name}');\nCOMMIT;`);
        } catch (error) {
          await exec('ROLLBACK');
          throw new Error(`migration ${file} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(file);
      }
      return applied;
    } finally {
      await exec(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  });
}
