import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyOf, rowsOf } from '../src/db/unnest.ts';
import { startTestServer, type TestServer } from './harness.ts';

/**
 * Rows as arrays (db/unnest.ts) through the real driver — PGlite here,
 * PostgreSQL in `npm run test:pg` — come back exactly as given: the texts
 * customers write (quotes, backslashes, braces, commas, NULL spelt out,
 * emoji, CJK, new lines), JSON, nulls, big int8s, booleans, no rows at all.
 */
describe('rows given as arrays', () => {
  let s: TestServer;
  beforeAll(async () => (s = await startTestServer()));
  afterAll(() => s.close());

  const tricky = ['plain', 'say "hi"', 'back\\slash', '{braces}', 'a,b', 'NULL', '', ' spaced ', '運費多少錢？', '🙂 ok', 'line\nbreak', "it's"];

  it('round-trips every kind of value, in order', async () => {
    const rows = tricky.map((text, i) => ({
      text,
      n: i % 3 === 0 ? null : 1_700_000_000_000 + i,
      small: i,
      flag: i % 2 === 0,
      json: JSON.stringify({ text, list: [i, null, 'x"y'], nested: { back: '\\' } }),
    }));
    const given = rowsOf(rows, 'r', [['text', 'text', (r) => r.text], ['n', 'int8', (r) => r.n], ['small', 'int4', (r) => r.small], ['flag', 'bool', (r) => r.flag], ['json', 'jsonb', (r) => r.json]]);
    const { rows: back } = await sql<{ text: string; n: string | number | null; small: number; flag: boolean; json: unknown }>`SELECT * FROM ${given}`.execute(s.container.deps.db);
    expect(back.map((r) => r.text)).toEqual(tricky);
    expect(back.map((r) => (r.n === null ? null : Number(r.n)))).toEqual(rows.map((r) => r.n));
    expect(back.map((r) => r.small)).toEqual(rows.map((r) => r.small));
    expect(back.map((r) => r.flag)).toEqual(rows.map((r) => r.flag));
    expect(back.map((r) => r.json)).toEqual(rows.map((r) => JSON.parse(r.json)));
  });

  it('gives no rows for none, and ANY matches exactly the listed ids', async () => {
    const none = rowsOf([] as Array<{ id: string }>, 'r', [['id', 'text', (r) => r.id]]);
    expect((await sql`SELECT * FROM ${none}`.execute(s.container.deps.db)).rows).toEqual([]);
    const { rows } = await sql<{ v: string }>`SELECT v FROM (VALUES ('a'), ('b"'), ('c'), ('{d}')) AS t(v) WHERE v = ${anyOf(['b"', '{d}', 'zz'])} ORDER BY v`.execute(s.container.deps.db);
    expect(rows.map((r) => r.v)).toEqual(['b"', '{d}']);
    expect((await sql`SELECT 1 FROM (VALUES ('a')) AS t(v) WHERE v = ${anyOf([])}`.execute(s.container.deps.db)).rows).toEqual([]);
  });
});
