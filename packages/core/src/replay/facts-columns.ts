import { ColumnsReader, ColumnsWriter, StringTable, hasColumnsMagic } from './columns.ts';
import type { DayFacts } from './facts.ts';

/**
 * A day's reader facts (facts.ts) as columns (decision 0036-columnar-days):
 * the roles as bytes, each list of numbers as 32-bit integers (or floats
 * when one is not an integer), the conversation ids of the answers and
 * offers as indexes into a table. The facts come back as the JSON encoding
 * gives them (the same keys, in the same order; plain arrays); facts of
 * another shape are stored as JSON text, as facts stored before the columns
 * are, and both decode.
 */
const KEYS = ['roles', 'learned', 'answers', 'offers', 'leaves', 'touches', 'agents'];
const KEYS_BEFORE_OFFERS = KEYS.filter((k) => k !== 'offers');

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0);
const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && Object.keys(v).length === v.length && v.every(isNumber);
const isPairs = (v: unknown): v is Array<number | string> =>
  Array.isArray(v) && v.length % 2 === 0 && Object.keys(v).length === v.length && v.every((x, i) => (i % 2 === 0 ? isNumber(x) : typeof x === 'string'));

function columnForm(f: DayFacts): boolean {
  const keys = Object.keys(f).join();
  if (keys !== KEYS.join() && keys !== KEYS_BEFORE_OFFERS.join()) return false;
  return (
    typeof f.roles === 'string' &&
    isNumbers(f.learned) &&
    isPairs(f.answers) &&
    (f.offers === undefined || isPairs(f.offers)) &&
    isNumbers(f.leaves) &&
    isNumbers(f.touches) &&
    Array.isArray(f.agents) &&
    f.agents.every((a) => typeof a === 'string')
  );
}

/** The facts' stored bytes (before gzip): columns, or JSON text for a shape the columns do not take. */
export function encodeDayFacts(facts: DayFacts): Uint8Array {
  if (!columnForm(facts)) return new TextEncoder().encode(JSON.stringify(facts));
  const ids = new StringTable();
  const w = new ColumnsWriter('F')
    .text(facts.roles)
    .numbers(facts.learned)
    .numbers(evens(facts.answers))
    .numbers(odds(facts.answers, ids))
    .bytes(Uint8Array.of(facts.offers === undefined ? 0 : 1))
    .numbers(evens(facts.offers ?? []))
    .numbers(odds(facts.offers ?? [], ids))
    .numbers(facts.leaves)
    .numbers(facts.touches)
    .text(JSON.stringify(facts.agents));
  return w.text(JSON.stringify(ids.list)).finish();
}

export function decodeDayFacts(bytes: Uint8Array): DayFacts {
  if (!hasColumnsMagic(bytes)) return JSON.parse(new TextDecoder().decode(bytes)) as DayFacts;
  const r = new ColumnsReader(bytes, 'F');
  const roles = r.text();
  const learned = plain(r.numbers());
  const answerAt = r.numbers();
  const answerIds = r.numbers();
  const hasOffers = r.bytesSection()[0] === 1;
  const offerAt = r.numbers();
  const offerIds = r.numbers();
  const leaves = plain(r.numbers());
  const touches = plain(r.numbers());
  const agents = JSON.parse(r.text()) as string[];
  const ids = JSON.parse(r.text()) as string[];
  const answers = pairs(answerAt, answerIds, ids);
  if (!hasOffers) return { roles, learned, answers, leaves, touches, agents };
  return { roles, learned, answers, offers: pairs(offerAt, offerIds, ids), leaves, touches, agents };
}

/** A typed array's numbers as a plain array (what the JSON encoding gives; Array.from goes through the iterator, slowly). */
function plain(values: ArrayLike<number>): number[] {
  const out: number[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out;
}

function evens(list: ReadonlyArray<number | string>): number[] {
  const out: number[] = [];
  for (let i = 0; i < list.length; i += 2) out.push(list[i] as number);
  return out;
}

function odds(list: ReadonlyArray<number | string>, ids: StringTable): number[] {
  const out: number[] = [];
  for (let i = 1; i < list.length; i += 2) out.push(ids.of(list[i] as string));
  return out;
}

function pairs(at: ArrayLike<number>, id: ArrayLike<number>, ids: string[]): Array<number | string> {
  const out: Array<number | string> = new Array(at.length * 2);
  for (let i = 0; i < at.length; i++) {
    out[2 * i] = at[i];
    out[2 * i + 1] = ids[id[i]];
  }
  return out;
}
