import type pg from 'pg';

/**
 * Distinct statement texts this process names; the rest run unnamed. Each
 * connection keeps a plan for every name it has run, so this bounds the
 * server's memory per connection (the product has ~150 statement shapes; an
 * `IN` list makes one per length).
 */
const MAX_NAMED = 500;

/** This process's statements by how they ran (/metrics): a text that found no name is parsed and planned every time. */
/** `plainRuns`: texts without parameters (BEGIN, COMMIT, ROLLBACK), which need no plan of their own. */
export const statementCounts = { namedTexts: 0, namedRuns: 0, unnamedRuns: 0, plainRuns: 0 };

/**
 * Hands Kysely a `pg.Pool` whose parameterised queries run as named prepared
 * statements: each connection parses and plans a statement text once and
 * from then on only binds and executes it. On a small machine planning costs
 * more than running (a five-table join: 0.3 ms to plan, 0.06 ms to run), so
 * this is most of PostgreSQL's work per message (docs/benchmarks.md).
 *
 * Names are given per statement text, the same in every connection; pg
 * prepares a name on a connection the first time it is used there.
 */
export class PreparedPool {
  private readonly names = new Map<string, string>();

  constructor(private readonly pool: pg.Pool) {}

  async connect() {
    const client = await this.pool.connect();
    return {
      query: (text: unknown, values?: unknown[]) => {
        // Kysely's streaming path passes a Cursor object: left as it is.
        if (typeof text !== 'string' || !values || values.length === 0) {
          if (typeof text === 'string') statementCounts.plainRuns++;
          return client.query(text as string, values);
        }
        const name = this.nameFor(text);
        if (name) statementCounts.namedRuns++;
        else statementCounts.unnamedRuns++;
        return name ? client.query({ name, text, values }) : client.query(text, values);
      },
      release: (error?: Error | boolean) => client.release(error),
    };
  }

  private nameFor(text: string): string | undefined {
    let name = this.names.get(text);
    if (!name && this.names.size < MAX_NAMED) {
      this.names.set(text, (name = `sb${this.names.size}`));
      statementCounts.namedTexts++;
    }
    return name;
  }

  end() {
    return this.pool.end();
  }
}
