import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  DayInputs,
  FactsRecorder,
  decodeDayFacts,
  decodeDayInputs,
  decodeInputs,
  encodeDayFacts,
  encodeDayInputs,
  encodeInputs,
  type DayFacts,
  type RecordedInput,
} from '../../src/index.ts';
import { runChecked, scenarioArb } from '../routing/support/random-events.ts';

/** A day's inputs through the columns, and through the JSON encoding they replace: both must give the same inputs, keys in the same order. */
function bothWays(inputs: RecordedInput[]) {
  return { columns: decodeDayInputs(encodeDayInputs(inputs)), json: decodeInputs(encodeInputs(inputs)) };
}

const text = fc.string({ unit: 'grapheme', maxLength: 8 });
const time = fc.integer({ min: 0, max: 2 ** 45 });
const note = fc.option(fc.constantFrom('completed:abandoned', 'completed:closed_by_agent', 'bot:superseded'), { nil: null });

/** Events of every type, mostly the engine's shapes, some not (extra or missing keys, wrong types, keys out of order). */
const eventArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant({ type: 'tick' }),
  fc.record({ type: fc.constant('conversation_closed'), conversationId: text }),
  fc.record({ type: fc.constantFrom('offer_accepted', 'offer_rejected', 'first_reply_timeout', 'transferred_to_agent'), conversationId: text, agentId: text }),
  fc.record({ type: fc.constant('presence_changed'), agentId: text, presence: fc.constantFrom('ready', 'away', 'offline') }),
  fc.record({ type: fc.constant('transferred_to_skills'), conversationId: text, skills: fc.array(text, { maxLength: 3 }) }),
  fc.record({ type: fc.constant('agent_removed'), agentId: text, reason: fc.constant('agent_deactivated') }, { requiredKeys: ['type', 'agentId'] }),
  fc.record(
    {
      type: fc.constant('handoff'),
      conversation: fc.record(
        {
          id: text,
          skills: fc.array(text, { maxLength: 3 }),
          queueKey: fc.oneof(time, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(-0)),
          lastAgentId: fc.option(text, { nil: null }),
          relaxation: fc.option(fc.record({ relaxTo: fc.array(text, { maxLength: 2 }), relaxAfterSeconds: fc.option(fc.nat(), { nil: null }) }), { nil: null }),
        },
        { requiredKeys: ['id', 'skills', 'queueKey'] },
      ),
    },
    { requiredKeys: ['type', 'conversation'] },
  ),
  fc.record({
    type: fc.constant('agent_started'),
    conversation: fc.record({ id: text, skills: fc.array(text, { maxLength: 2 }), queueKey: time }),
    agentId: text,
  }),
  fc.record({
    type: fc.constant('agent_upserted'),
    agent: fc.record({ id: text, presence: fc.constant('ready'), capacity: fc.nat(9), skills: fc.dictionary(text, fc.nat(5)), lastAssignedAt: time }),
  }),
  // Shapes the columns must not take as theirs.
  fc.record({ type: fc.constantFrom('tick', 'conversation_closed', 'handoff', 'offer_accepted'), conversationId: fc.anything(), extra: fc.anything() }),
  fc.record({ conversationId: text, type: fc.constant('conversation_closed') }),
  fc.record({ type: fc.constant('handoff'), conversation: fc.record({ skills: fc.array(text), id: text, queueKey: time }) }),
  fc.record({ type: fc.constant('handoff'), conversation: fc.record({ id: text, skills: fc.array(text), queueKey: time, lastAgentId: fc.constant(undefined) }) }),
  fc.record({ type: fc.constant('presence_changed'), agentId: fc.nat(), presence: fc.anything() }),
);

const inputArb: fc.Arbitrary<RecordedInput> = fc.oneof(
  { weight: 9, arbitrary: fc.record({ key: time, at: time, kind: fc.constant('event' as const), event: eventArb, note }) as fc.Arbitrary<RecordedInput> },
  {
    weight: 1,
    arbitrary: fc.record({
      key: fc.oneof(time, fc.double({ noNaN: true, noDefaultInfinity: true })),
      at: fc.oneof(time, fc.double({ noNaN: true, noDefaultInfinity: true })),
      kind: fc.constant('origin' as const),
      snapshot: fc.constant({ settings: { mode: 'auto' }, agents: [], conversations: [] }),
    }) as unknown as fc.Arbitrary<RecordedInput>,
  },
);

describe('a day stored as columns', () => {
  test('decodes to the inputs the JSON encoding gives back, input for input, with their keys in the same order', () => {
    fc.assert(
      fc.property(fc.array(inputArb, { maxLength: 40 }), (inputs) => {
        const { columns, json } = bothWays(inputs);
        expect(columns).toStrictEqual(json);
        expect(JSON.stringify(columns)).toBe(JSON.stringify(json));
      }),
      { numRuns: 500 },
    );
  });

  test('a recorded run of the engine comes back as from JSON', () => {
    fc.assert(
      fc.property(scenarioArb(60), (scenario) => {
        const run = runChecked(scenario);
        const inputs: RecordedInput[] = [{ key: 0, at: run.events[0]?.now ?? 0, kind: 'origin', snapshot: scenario.snapshot }];
        run.events.forEach(({ event, now }, i) =>
          inputs.push({ key: (i + 1) * 1_048_576, at: now, kind: 'event', event, note: event.type === 'conversation_closed' ? 'completed:abandoned' : null }),
        );
        const { columns, json } = bothWays(inputs);
        expect(columns).toStrictEqual(json);
        expect(JSON.stringify(columns)).toBe(JSON.stringify(json));
      }),
      { numRuns: 100 },
    );
  });

  test('taken in stretches, a day gives the inputs decoded whole, for columns and for JSON text alike', () => {
    fc.assert(
      fc.property(fc.array(inputArb, { maxLength: 40 }), fc.integer({ min: 1, max: 7 }), fc.boolean(), (inputs, size, asJson) => {
        const bytes = asJson ? new TextEncoder().encode(encodeInputs(inputs)) : encodeDayInputs(inputs);
        const day = new DayInputs(bytes);
        const taken: RecordedInput[] = [];
        while (taken.length < day.length) taken.push(...day.take(size));
        expect(day.take(size)).toEqual([]);
        expect(taken).toStrictEqual(decodeDayInputs(bytes));
      }),
      { numRuns: 300 },
    );
  });

  test('each event decoded has its own skills list, as from JSON', () => {
    const handoff = (id: string): RecordedInput => ({ key: 1, at: 5, kind: 'event', event: { type: 'handoff', conversation: { id, skills: ['en'], queueKey: 5 } }, note: null });
    const [a, b] = decodeDayInputs(encodeDayInputs([handoff('c1'), handoff('c2')]));
    if (a.kind !== 'event' || a.event.type !== 'handoff' || b.kind !== 'event' || b.event.type !== 'handoff') throw new Error('hand-offs expected');
    expect(a.event.conversation.skills).toEqual(['en']);
    expect(a.event.conversation.skills).not.toBe(b.event.conversation.skills);
  });

  test('a day stored as JSON text before the columns still decodes', () => {
    const inputs: RecordedInput[] = [{ key: 3, at: 9, kind: 'event', event: { type: 'conversation_closed', conversationId: 'c' }, note: 'completed:abandoned' }];
    expect(decodeDayInputs(new TextEncoder().encode(encodeInputs(inputs)))).toEqual(inputs);
  });
});

describe('a day\'s reader facts stored as columns', () => {
  const pairs = fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 6 })), { maxLength: 10 }).map((l) => l.flat());
  const numbers = fc.array(fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.nat(), fc.double({ noNaN: true, noDefaultInfinity: true })), { maxLength: 20 });
  const factsArb = fc.record(
    {
      roles: fc.stringMatching(/^[012]*$/),
      learned: numbers,
      answers: pairs,
      offers: pairs,
      leaves: fc.array(fc.nat(), { maxLength: 10 }),
      touches: numbers,
      agents: fc.array(fc.string({ maxLength: 6 }), { maxLength: 5 }),
    },
    { requiredKeys: ['roles', 'learned', 'answers', 'leaves', 'touches', 'agents'] },
  ) as fc.Arbitrary<DayFacts>;

  test('decode to what their JSON gives back, with or without the recorded offers, and as JSON text when stored before the columns', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const json = JSON.parse(JSON.stringify(facts)) as DayFacts;
        expect(JSON.stringify(decodeDayFacts(encodeDayFacts(facts)))).toBe(JSON.stringify(json));
        expect(decodeDayFacts(encodeDayFacts(facts))).toStrictEqual(json);
        expect(decodeDayFacts(new TextEncoder().encode(JSON.stringify(facts)))).toEqual(json);
      }),
      { numRuns: 300 },
    );
  });

  test('facts a recorder wrote over a recorded run come back whole', () => {
    fc.assert(
      fc.property(scenarioArb(60, 'offer'), (scenario) => {
        const run = runChecked(scenario);
        const recorder = new FactsRecorder(scenario.snapshot, run.events[0]?.now ?? 0);
        run.events.forEach(({ event, now }, i) => recorder.feed({ key: i + 1, at: now, kind: 'event', event, note: null }));
        const facts = recorder.take();
        expect(decodeDayFacts(encodeDayFacts(facts))).toStrictEqual(JSON.parse(JSON.stringify(facts)));
      }),
      { numRuns: 100 },
    );
  });
});
