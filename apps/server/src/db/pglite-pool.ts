import { PGlite } from '@electric-sql/pglite';

/**
 * Presents PGlite as a one-connection `pg.Pool` so Kysely's PostgresDialect
 * drives both databases with the same SQL. PGlite is a single session, so a
 * client is lent to one caller at a time: a transaction holds it from BEGIN to
 * COMMIT and nothing else can interleave statements into it.
 */
export class PGlitePool {
  private queue: Array<() => void> = [];
  private busy = false;

  constructor(readonly pglite: PGlite) {}

  async connect() {
    if (this.busy) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.busy = true;
    return {
      query: async (sql: string, params: readonly unknown[] = []) => {
        const result = await this.pglite.query(sql, params as unknown[]);
        // Kysely reads the affected-row count only for write commands. PGlite
        // reports no command tag, and a statement that starts with WITH may
        // well be an UPDATE: any count PGlite gives is passed on as a write's.
        return {
          command: result.affectedRows === undefined ? 'SELECT' : 'UPDATE',
          rowCount: result.affectedRows ?? result.rows.length,
          rows: result.rows,
        };
      },
      release: () => this.release(),
    };
  }

  private release() {
    const next = this.queue.shift();
    if (next) next();
    else this.busy = false;
  }

  async end() {
    await this.pglite.close();
  }
}
