import { describe, expect, it } from 'vitest';
import { continueScript, startScript, type ScriptResult } from '../../src/scripts/index.ts';
import { end, script, send } from './builders.ts';
import { RecordingPatterns, patterns } from '../support/patterns.ts';

const texts = (result: ScriptResult) => result.outputs.map((o) => o.text);
const say = (result: ScriptResult, def: Parameters<typeof continueScript>[0], text: string) =>
  continueScript(def, result.state, { type: 'text', text }, { patterns });

describe('send and end', () => {
  it('sends interpolated messages with buttons and ends resolved', () => {
    const def = script([
      { id: 'hello', type: 'send', text: 'Hi {{name}}!', buttons: [{ label: 'Menu' }], next: 'done' },
      { id: 'done', type: 'end', outcome: 'resolved', text: 'Bye {{missing}}.' },
    ]);
    const result = startScript(def, { patterns, variables: { name: 'Mei' } });
    expect(result.outputs).toEqual([
      { type: 'message', text: 'Hi Mei!', buttons: [{ label: 'Menu', value: 'Menu' }] },
      { type: 'message', text: 'Bye .' },
    ]);
    expect(result.effect).toEqual({ type: 'end', step: 'done', outcome: 'resolved' });
    expect(result.state.status).toBe('ended');
  });

  it('ends back to the bot', () => {
    expect(startScript(script([end('back', 'bot')]), { patterns }).effect).toEqual({ type: 'end', step: 'back', outcome: 'bot' });
  });
});

describe('ask', () => {
  const ask = (input: object, extra: object = {}) =>
    script([{ id: 'q', type: 'ask', text: 'Value?', variable: 'v', input, next: 'done', ...extra } as never, end()]);

  it('pauses for input, saves a valid answer and moves on', () => {
    const def = ask({ kind: 'text', pattern: '^[A-Z]{2}\\d{3}$' });
    const started = startScript(def, { patterns });
    expect(started.state).toMatchObject({ status: 'awaiting_input', stepId: 'q' });
    const answered = say(started, def, 'ＡＢ１２３');
    expect(answered.state.variables.v).toBe('AB123');
    expect(answered.effect?.type).toBe('end');
  });

  it('runs the ask pattern on the injected engine: the audit pattern answers at once (issue #11)', () => {
    const engine = new RecordingPatterns();
    const def = ask({ kind: 'text', pattern: `^${'a{0,30}'.repeat(6)}$` });
    const answered = continueScript(def, startScript(def, { patterns: engine }).state, { type: 'text', text: `${'a'.repeat(199)}!` }, { patterns: engine });
    expect(engine.tests).toBe(1);
    expect(answered.events).toContainEqual({ step: 'q', type: 'answer_rejected', data: { reason: 'pattern', attempt: 1 } });
  });

  it('rejects answers, without failing the turn, when a saved pattern is one the engine refuses', () => {
    const def = ask({ kind: 'text', pattern: 'a(?=b)' });
    const answered = say(startScript(def, { patterns }), def, 'ab');
    expect(answered.events).toContainEqual({ step: 'q', type: 'answer_rejected', data: { reason: 'invalid_pattern', attempt: 1 } });
  });

  it.each([
    [{ kind: 'number', min: 1, max: 10 }, ['abc', '11'], '７', 7],
    [{ kind: 'email' }, ['not-an-email'], 'Mei@Example.COM', 'mei@example.com'],
    [{ kind: 'phone' }, ['12'], '+886 912-345-678', '+886912345678'],
    [{ kind: 'choice', options: [{ value: 'yes', label: 'Yes', synonyms: ['是'] }, { value: 'no', label: 'No' }] }, ['maybe'], '是', 'yes'],
    [{ kind: 'choice', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] }, [], '2', 'b'],
  ])('validates %j answers', (input, invalid, valid, saved) => {
    const def = ask(input, { maxAttempts: 5 });
    let result = startScript(def, { patterns });
    for (const text of invalid) {
      result = say(result, def, text);
      expect(result.state.status).toBe('awaiting_input');
      expect(result.events.map((e) => e.type)).toContain('answer_rejected');
    }
    result = say(result, def, valid);
    expect(result.state.variables.v).toBe(saved);
  });

  it('offers choice options as buttons and follows an option next', () => {
    const def = script([
      { id: 'q', type: 'ask', text: 'Pick', variable: 'v', next: 'done', input: { kind: 'choice', options: [{ value: 'x', label: 'X', next: 'other' }] } },
      end(),
      end('other', 'bot'),
    ]);
    const started = startScript(def, { patterns });
    expect(started.outputs[0].buttons).toEqual([{ label: 'X', value: 'x' }]);
    expect(say(started, def, 'x').effect).toEqual({ type: 'end', step: 'other', outcome: 'bot' });
  });

  it('retries with the retry message, then gives up to onFail', () => {
    const def = script([
      { id: 'q', type: 'ask', text: 'Number?', variable: 'n', input: { kind: 'number' }, maxAttempts: 2, retryText: 'Digits only, {{name}}.', next: 'done', onFail: 'human' },
      end(),
      { id: 'human', type: 'handoff', skills: ['support'] },
    ]);
    const first = say(startScript(def, { patterns, variables: { name: 'Ken' } }), def, 'x');
    expect(texts(first)).toEqual(['Digits only, Ken.']);
    expect(first.state.attempts).toBe(1);
    const second = say(first, def, 'y');
    expect(second.events.map((e) => e.type)).toContain('ask_gave_up');
    expect(second.effect).toMatchObject({ type: 'handoff', skills: ['support'], reason: 'step' });
  });

  it('hands off by default after max attempts without onFail, repeating the question meanwhile', () => {
    const def = ask({ kind: 'email' });
    let result = startScript(def, { patterns });
    result = say(result, def, 'a');
    expect(texts(result)[0]).toMatch(/didn't understand.*Value\?/);
    result = say(say(result, def, 'b'), def, 'c');
    expect(result.effect).toMatchObject({ type: 'handoff', reason: 'ask_failed' });
    expect(result.state.status).toBe('handed_off');
  });
});

describe('branch', () => {
  const branchOn = (when: object) =>
    script([{ id: 'b', type: 'branch', cases: [{ when, next: 'yes' }] as never, default: 'no' }, end('yes'), end('no', 'bot')]);
  const run = (when: object, variables: Record<string, string | number>) => startScript(branchOn(when), { patterns, variables }).effect?.step;

  it.each([
    [{ variable: 'x', op: 'equals', value: 42 }, { x: '42' }, 'yes'],
    [{ variable: 'x', op: 'equals', value: 'a' }, { x: 'b' }, 'no'],
    [{ variable: 'x', op: 'not_equals', value: 'a' }, { x: 'b' }, 'yes'],
    [{ variable: 'x', op: 'matches', value: '^vip-' }, { x: 'vip-7' }, 'yes'],
    [{ variable: 'x', op: 'matches', value: '^vip(?=-)' }, { x: 'vip-7' }, 'no'], // saved before the engine refused lookahead
    [{ variable: 'x', op: 'exists' }, {}, 'no'],
    [{ variable: 'x', op: 'not_exists' }, {}, 'yes'],
    [{ variable: 'x', op: 'gt', value: 10 }, { x: 11 }, 'yes'],
    [{ variable: 'x', op: 'gte', value: 10 }, { x: '10' }, 'yes'],
    [{ variable: 'x', op: 'lt', value: 10 }, { x: 'abc' }, 'no'],
    [{ variable: 'x', op: 'lte', value: 10 }, { x: 9 }, 'yes'],
    [[{ variable: 'x', op: 'exists' }, { variable: 'y', op: 'exists' }], { x: 1 }, 'no'],
  ])('%j with %j goes to %s', (when, variables, expected) => {
    expect(run(when, variables)).toBe(expected);
  });
});

describe('set and handoff', () => {
  it('records skills, priority, attributes and variables, and the handoff uses them', () => {
    const def = script([
      { id: 's', type: 'set', skills: ['vip'], priority: 500, attributes: { tier: '{{tier}}' }, variables: { greeting: 'hi {{tier}}', n: 3 }, next: 'h' },
      { id: 'h', type: 'handoff', text: 'Connecting…' },
    ]);
    const result = startScript(def, { patterns, variables: { tier: 'gold' } });
    expect(result.updates).toEqual({ skills: ['vip'], priority: 500, attributes: { tier: 'gold' } });
    expect(result.state.variables).toMatchObject({ greeting: 'hi gold', n: 3 });
    expect(result.state.attributes).toEqual({ tier: 'gold' });
    expect(result.effect).toEqual({ type: 'handoff', step: 'h', skills: ['vip'], priority: 500, reason: 'step' });
  });

  it('lets a handoff step override the skills', () => {
    const def = script([{ id: 'h', type: 'handoff', skills: ['billing'], priority: 10 }]);
    expect(startScript(def, { patterns }).effect).toMatchObject({ skills: ['billing'], priority: 10 });
  });
});

describe('state', () => {
  it('is plain JSON and the input state is never mutated', () => {
    const def = script([{ id: 'q', type: 'ask', text: '?', variable: 'v', input: { kind: 'text' }, next: 'done' }, end()]);
    const started = startScript(def, { patterns });
    const frozen = JSON.parse(JSON.stringify(started.state));
    const next = continueScript(def, frozen, { type: 'text', text: 'hello' }, { patterns });
    expect(frozen.variables).toEqual({});
    expect(next.state.variables).toEqual({ v: 'hello' });
    expect(JSON.parse(JSON.stringify(next.state))).toEqual(next.state);
  });

  it('refuses a state from another script version', () => {
    const def = script([end()]);
    const state = startScript(def, { patterns }).state;
    expect(() => continueScript({ ...def, version: 2 }, state, { type: 'text', text: 'x' }, { patterns })).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
  });

  it('ignores input after the script finished', () => {
    const def = script([end()]);
    const result = say(startScript(def, { patterns }), def, 'hello');
    expect(result.events).toEqual([{ step: 'done', type: 'input_ignored', data: { reason: 'script is not running' } }]);
  });
});

describe('step guard', () => {
  it('hands off after maxAutoSteps automatic steps in one call', () => {
    const def = script([send('a', 'ping', 'b'), send('b', 'pong', 'a')], { maxAutoSteps: 5 });
    const result = startScript(def, { patterns });
    expect(result.outputs).toHaveLength(5);
    expect(result.effect).toMatchObject({ type: 'handoff', reason: 'step_limit' });
    expect(result.events.some((e) => e.type === 'step_limit_exceeded')).toBe(true);
  });
});
