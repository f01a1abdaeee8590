import { sql, type RawBuilder } from 'kysely';

/** A column of `rowsOf`: its name, its PostgreSQL type, how to read it from a row. */
export type Column<T> = readonly [name: string, type: 'text' | 'int2' | 'int4' | 'int8' | 'bool' | 'jsonb', read: (row: T) => unknown];

/**
 * Rows given to a statement as one array per column: a FROM item
 * `(SELECT … FROM unnest($1::text[], $2::int8[], …)) AS alias(columns)`. Its
 * text is the same however many rows there are, so a prepared statement is
 * planned once per connection (db/prepared-pool.ts) and not once per batch
 * size, as a VALUES list with a row of parameters each was: under load those
 * used up the 500 names a process gives within its first minute, and every
 * text after them was parsed and planned at each run. JSON goes as text and
 * is cast in the statement (drivers serialise a `jsonb[]` parameter's
 * elements differently).
 */
export function rowsOf<T>(rows: readonly T[], alias: string, columns: ReadonlyArray<Column<T>>): RawBuilder<unknown> {
  const arrays = columns.map(([, type, read]) => sql`${rows.map(read)}::${sql.raw(type === 'jsonb' ? 'text' : type)}[]`);
  const select = columns.map(([name, type]) => sql.raw(type === 'jsonb' ? `u.${name}::jsonb AS ${name}` : `u.${name}`));
  const names = sql.raw(columns.map(([name]) => name).join(', '));
  return sql`(SELECT ${sql.join(select)} FROM unnest(${sql.join(arrays)}) AS u(${names})) AS ${sql.raw(alias)}`;
}

/** An id list as one array parameter: `id = ANY(…)` keeps one statement text for any length. */
export function anyOf(values: readonly string[]): RawBuilder<string> {
  return sql<string>`ANY(${[...values]}::text[])`;
}
