import type { ColumnType } from 'kysely';

/** jsonb columns: read as T, written as T or its JSON text. */
export type Json<T> = ColumnType<T, T | string, T | string>;
/** timestamptz columns the database fills in. */
export type Created = ColumnType<Date, Date | string | undefined, never>;
