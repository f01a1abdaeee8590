import type { RoutingEvent } from '../routing/types.ts';
import { ColumnsReader, ColumnsWriter, StringTable, hasColumnsMagic } from './columns.ts';
import { decodeInputs, encodeInputs } from './days.ts';
import type { RecordedInput } from './types.ts';

/**
 * A compacted day's inputs as columns (decision 0036-columnar-days) instead
 * of one JSON array: each input a type code, its key and time (deltas from
 * the input before it) and a few numbers on two tapes — indexes into one
 * table of the day's strings (conversation and agent ids, notes, presences,
 * skill lists as JSON) and a hand-off's queue key (as an offset from its
 * time). Decoding reads the tapes in order instead of parsing ~120 bytes of
 * JSON an input; a replay decodes every day it reads, a what-if each twice.
 *
 * Only the engine's event shapes go in columns, and only when the input
 * comes back from them exactly as from the JSON encoding (the same keys in
 * the same order, strings where strings are, finite numbers); anything else
 * — an origin, agent and settings changes, an unexpected shape — goes whole
 * into a JSON list beside the columns, in the JSON encoding's own form. So
 * decodeDayInputs(encodeDayInputs(x)) equals decodeInputs(encodeInputs(x))
 * (the property test holds it to that), and a day stored as JSON text
 * before the columns still decodes.
 */
const JSON_ROW = 0;
const TICK = 1;
const CLOSED = 2;
const ACCEPTED = 3;
const REJECTED = 4;
const FIRST_REPLY_TIMEOUT = 5;
const TO_AGENT = 6;
const PRESENCE = 7;
const HANDOFF = 8;
const TO_SKILLS = 9;
const AGENT_STARTED = 10;
const AGENT_REMOVED = 11;

/** An optional value on the int tape: absent, null, else a string's index. */
const ABSENT = -2;
const NULL = -1;

const PAIRS: Record<string, number> = { offer_accepted: ACCEPTED, offer_rejected: REJECTED, first_reply_timeout: FIRST_REPLY_TIMEOUT, transferred_to_agent: TO_AGENT };
const HANDOFF_OPTIONALS = ['', 'lastAgentId', 'relaxation', 'lastAgentId,relaxation'];

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0);
const isSkills = (v: unknown): v is string[] => Array.isArray(v) && Object.keys(v).length === v.length && v.every(isString);
const isPlainObject = (v: unknown) => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

function keysAre(o: object, keys: readonly string[]): boolean {
  const own = Object.keys(o);
  return own.length === keys.length && own.every((k, i) => k === keys[i]);
}

export function encodeDayInputs(inputs: readonly RecordedInput[]): Uint8Array {
  const w = new InputsWriter();
  for (const input of inputs) w.add(input);
  return new ColumnsWriter('I')
    .bytes(Uint8Array.from(w.types))
    .numbers(w.ints)
    .numbers(w.nums)
    .text(JSON.stringify(w.strings.list))
    .text(encodeInputs(w.json))
    .finish();
}

class InputsWriter {
  readonly types: number[] = [];
  readonly ints: number[] = [];
  readonly nums: number[] = [];
  readonly strings = new StringTable();
  readonly json: RecordedInput[] = [];
  private key = 0;
  private at = 0;

  add(input: RecordedInput): void {
    const ints = this.ints.length;
    const nums = this.nums.length;
    const code = this.columns(input);
    if (code === JSON_ROW) {
      this.ints.length = ints;
      this.nums.length = nums;
      this.json.push(input);
    }
    this.types.push(code);
    this.key = input.key;
    this.at = input.at;
  }

  /** The input on the tapes: its key and time, its note, its event's fields; JSON_ROW if it has no column form (the caller takes back what was pushed). */
  private columns(input: RecordedInput): number {
    if (input.kind !== 'event' || !keysAre(input, ['key', 'at', 'kind', 'event', 'note'])) return JSON_ROW;
    const { key, at, note } = input;
    const dKey = key - this.key;
    const dAt = at - this.at;
    if (!isNumber(key) || !isNumber(at) || this.key + dKey !== key || this.at + dAt !== at) return JSON_ROW;
    if (note !== null && !isString(note)) return JSON_ROW;
    this.nums.push(dKey, dAt);
    this.ints.push(note === null ? NULL : this.strings.of(note));
    return this.event(input.event, at);
  }

  private event(e: RoutingEvent, at: number): number {
    const s = this.strings;
    switch (e.type) {
      case 'tick':
        return keysAre(e, ['type']) ? TICK : JSON_ROW;
      case 'conversation_closed':
        if (!keysAre(e, ['type', 'conversationId']) || !isString(e.conversationId)) return JSON_ROW;
        this.ints.push(s.of(e.conversationId));
        return CLOSED;
      case 'offer_accepted':
      case 'offer_rejected':
      case 'first_reply_timeout':
      case 'transferred_to_agent':
        if (!keysAre(e, ['type', 'conversationId', 'agentId']) || !isString(e.conversationId) || !isString(e.agentId)) return JSON_ROW;
        this.ints.push(s.of(e.conversationId), s.of(e.agentId));
        return PAIRS[e.type];
      case 'presence_changed':
        if (!keysAre(e, ['type', 'agentId', 'presence']) || !isString(e.agentId) || !isString(e.presence)) return JSON_ROW;
        this.ints.push(s.of(e.agentId), s.of(e.presence));
        return PRESENCE;
      case 'transferred_to_skills':
        if (!keysAre(e, ['type', 'conversationId', 'skills']) || !isString(e.conversationId) || !isSkills(e.skills)) return JSON_ROW;
        this.ints.push(s.of(e.conversationId), s.of(JSON.stringify(e.skills)));
        return TO_SKILLS;
      case 'agent_removed':
        if (keysAre(e, ['type', 'agentId']) && isString(e.agentId)) this.ints.push(s.of(e.agentId), ABSENT);
        else if (keysAre(e, ['type', 'agentId', 'reason']) && isString(e.agentId) && isString(e.reason)) this.ints.push(s.of(e.agentId), s.of(e.reason));
        else return JSON_ROW;
        return AGENT_REMOVED;
      case 'handoff':
        return keysAre(e, ['type', 'conversation']) ? this.handoff(e.conversation, at) : JSON_ROW;
      case 'agent_started': {
        const c = e.conversation;
        if (!keysAre(e, ['type', 'conversation', 'agentId']) || !isString(e.agentId) || !isPlainObject(c) || !keysAre(c, ['id', 'skills', 'queueKey'])) return JSON_ROW;
        if (!isString(c.id) || !isSkills(c.skills) || !offsetExact(c.queueKey, at)) return JSON_ROW;
        this.ints.push(s.of(c.id), s.of(JSON.stringify(c.skills)), s.of(e.agentId));
        this.nums.push(c.queueKey - at);
        return AGENT_STARTED;
      }
      default:
        return JSON_ROW;
    }
  }

  private handoff(c: Extract<RoutingEvent, { type: 'handoff' }>['conversation'], at: number): number {
    if (!isPlainObject(c)) return JSON_ROW;
    const keys = Object.keys(c);
    if (keys[0] !== 'id' || keys[1] !== 'skills' || keys[2] !== 'queueKey' || !HANDOFF_OPTIONALS.includes(keys.slice(3).join())) return JSON_ROW;
    if (!isString(c.id) || !isSkills(c.skills) || !offsetExact(c.queueKey, at)) return JSON_ROW;
    const s = this.strings;
    const last = !('lastAgentId' in c) ? ABSENT : c.lastAgentId === null ? NULL : isString(c.lastAgentId) ? s.of(c.lastAgentId) : undefined;
    const relax = !('relaxation' in c) ? ABSENT : c.relaxation === null ? NULL : isPlainObject(c.relaxation) ? s.of(JSON.stringify(c.relaxation)) : undefined;
    if (last === undefined || relax === undefined) return JSON_ROW;
    this.ints.push(s.of(c.id), s.of(JSON.stringify(c.skills)), last, relax);
    this.nums.push(c.queueKey - at);
    return HANDOFF;
  }
}

function offsetExact(queueKey: unknown, at: number): queueKey is number {
  return isNumber(queueKey) && isNumber(queueKey - at) && queueKey - at + at === queueKey;
}

/** A day's inputs from its stored bytes (after gunzip): columns, or the JSON text of days stored before them. */
export function decodeDayInputs(bytes: Uint8Array): RecordedInput[] {
  const day = new DayInputs(bytes);
  return day.take(day.length);
}

/**
 * A stored day read in stretches: `take(n)` makes the next n inputs. A
 * replay takes a few thousand at a time, so the inputs it is done with die
 * young, instead of a whole day of them outliving the garbage collector's
 * young generation (decision 0036-columnar-days). A day stored as JSON is
 * parsed whole and handed out in the same stretches.
 */
export class DayInputs {
  readonly length: number;
  private readonly whole: RecordedInput[] | null = null;
  private readonly types: Uint8Array = new Uint8Array(0);
  private readonly ints: ArrayLike<number> = [];
  private readonly nums: ArrayLike<number> = [];
  private readonly strings: string[] = [];
  private readonly json: RecordedInput[] = [];
  private readonly skills = new Map<number, string[]>();
  private n = 0;
  private ii = 0;
  private ni = 0;
  private ji = 0;
  private key = 0;
  private at = 0;

  constructor(bytes: Uint8Array) {
    if (!hasColumnsMagic(bytes)) {
      this.whole = decodeInputs(new TextDecoder().decode(bytes));
      this.length = this.whole.length;
      return;
    }
    const r = new ColumnsReader(bytes, 'I');
    this.types = r.bytesSection();
    this.ints = r.numbers();
    this.nums = r.numbers();
    this.strings = JSON.parse(r.text()) as string[];
    this.json = decodeInputs(r.text());
    this.length = this.types.length;
  }

  /** The next `count` inputs (fewer at the day's end). */
  take(count: number): RecordedInput[] {
    const end = Math.min(this.length, this.n + count);
    if (this.whole) {
      const part = this.whole.slice(this.n, end);
      this.n = end;
      return part;
    }
    const out: RecordedInput[] = new Array(end - this.n);
    for (let k = 0; this.n < end; k++, this.n++) out[k] = this.next(this.types[this.n]);
    return out;
  }

  private next(code: number): RecordedInput {
    if (code === JSON_ROW) {
      const input = this.json[this.ji++];
      this.key = input.key;
      this.at = input.at;
      return input;
    }
    const { ints, nums, strings } = this;
    const key = (this.key += nums[this.ni++]);
    const at = (this.at += nums[this.ni++]);
    const noteAt = ints[this.ii++];
    const note = noteAt === NULL ? null : strings[noteAt];
    const i = this.ii;
    let event: RoutingEvent;
    switch (code) {
      case TICK:
        event = { type: 'tick' };
        break;
      case CLOSED:
        event = { type: 'conversation_closed', conversationId: strings[ints[i]] };
        this.ii += 1;
        break;
      case ACCEPTED:
      case REJECTED:
      case FIRST_REPLY_TIMEOUT:
      case TO_AGENT:
        event = { type: PAIR_TYPES[code], conversationId: strings[ints[i]], agentId: strings[ints[i + 1]] };
        this.ii += 2;
        break;
      case PRESENCE:
        event = { type: 'presence_changed', agentId: strings[ints[i]], presence: strings[ints[i + 1]] as 'ready' };
        this.ii += 2;
        break;
      case TO_SKILLS:
        event = { type: 'transferred_to_skills', conversationId: strings[ints[i]], skills: this.skillsOf(ints[i + 1]) };
        this.ii += 2;
        break;
      case AGENT_REMOVED:
        event =
          ints[i + 1] === ABSENT
            ? { type: 'agent_removed', agentId: strings[ints[i]] }
            : { type: 'agent_removed', agentId: strings[ints[i]], reason: strings[ints[i + 1]] as 'agent_deactivated' };
        this.ii += 2;
        break;
      case HANDOFF:
        event = { type: 'handoff', conversation: handoffOf(strings, ints[i], this.skillsOf(ints[i + 1]), nums[this.ni++] + at, ints[i + 2], ints[i + 3]) };
        this.ii += 4;
        break;
      case AGENT_STARTED:
        event = {
          type: 'agent_started',
          conversation: { id: strings[ints[i]], skills: this.skillsOf(ints[i + 1]), queueKey: nums[this.ni++] + at },
          agentId: strings[ints[i + 2]],
        };
        this.ii += 3;
        break;
      default:
        throw new Error(`columnar replay day: unknown input code ${code}`);
    }
    return { key, at, kind: 'event', event, note };
  }

  /** Each event its own skills array, as JSON gives it: the engine keeps them in its state. */
  private skillsOf(i: number): string[] {
    let list = this.skills.get(i);
    if (!list) this.skills.set(i, (list = JSON.parse(this.strings[i]) as string[]));
    return list.slice();
  }
}

const PAIR_TYPES: Record<number, 'offer_accepted' | 'offer_rejected' | 'first_reply_timeout' | 'transferred_to_agent'> = {
  [ACCEPTED]: 'offer_accepted',
  [REJECTED]: 'offer_rejected',
  [FIRST_REPLY_TIMEOUT]: 'first_reply_timeout',
  [TO_AGENT]: 'transferred_to_agent',
};

function handoffOf(strings: string[], id: number, skills: string[], queueKey: number, last: number, relax: number) {
  const conversation: Extract<RoutingEvent, { type: 'handoff' }>['conversation'] = { id: strings[id], skills, queueKey };
  if (last !== ABSENT) conversation.lastAgentId = last === NULL ? null : strings[last];
  if (relax !== ABSENT) conversation.relaxation = relax === NULL ? null : JSON.parse(strings[relax]);
  return conversation;
}
