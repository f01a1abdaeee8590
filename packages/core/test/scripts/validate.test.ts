import { describe, expect, it } from 'vitest';
import { SAMPLE_ORDER_STATUS_SCRIPT, parseScript, validateScript, type ScriptStep } from '../../src/scripts/index.ts';
import { end, script, send } from './builders.ts';
import { RecordingPatterns, patterns } from '../support/patterns.ts';

const codes = (def: unknown) => validateScript(def, patterns).map((e) => [e.code, e.step]);

describe('validateScript', () => {
  it('accepts the sample script', () => {
    expect(validateScript(SAMPLE_ORDER_STATUS_SCRIPT, patterns)).toEqual([]);
    expect(parseScript(JSON.parse(JSON.stringify(SAMPLE_ORDER_STATUS_SCRIPT)), patterns)).toEqual(SAMPLE_ORDER_STATUS_SCRIPT);
  });

  it('rejects a definition without id, version, start or steps', () => {
    expect(codes({ id: 'x', steps: [] })).toEqual([['invalid_definition', undefined]]);
    expect(codes(null)).toEqual([['invalid_definition', undefined]]);
  });

  it('reports a missing start step', () => {
    expect(codes(script([end()], { start: 'nowhere' }))).toContainEqual(['missing_start', undefined]);
  });

  it('reports unknown step types', () => {
    expect(codes(script([send('a', 'hi', 'done'), { id: 'x', type: 'teleport' } as never, end()]))).toContainEqual([
      'unknown_step_type',
      'x',
    ]);
  });

  it('reports duplicate ids', () => {
    expect(codes(script([send('a', 'hi', 'done'), end(), end()]))).toContainEqual(['duplicate_step_id', 'done']);
  });

  it('reports a dangling edge with the field that holds it', () => {
    const errors = validateScript(script([{ id: 'h', type: 'http', method: 'GET', url: 'https://x', next: 'done', onError: 'ghost' }, end()]), patterns);
    expect(errors).toContainEqual({ code: 'dangling_edge', step: 'h', message: 'h.onError points to missing step ghost' });
  });

  it('reports unreachable steps', () => {
    expect(codes(script([end(), send('orphan', 'hi', 'done')]))).toEqual([['unreachable_step', 'orphan']]);
  });

  it('reports steps that can never reach an end or a handoff', () => {
    const def = script([
      { id: 'q', type: 'ask', text: '?', variable: 'v', input: { kind: 'text' }, next: 'b', onFail: 'b' },
      { id: 'b', type: 'branch', cases: [{ when: { variable: 'v', op: 'exists' }, next: 'q' }], default: 'q' },
    ]);
    expect(codes(def)).toEqual([
      ['no_reachable_end', 'q'],
      ['no_reachable_end', 'b'],
    ]);
  });

  it('reports a loop without an ask step but allows one through an ask', () => {
    const loop = script([
      send('a', 'ping', 'b'),
      { id: 'b', type: 'branch', cases: [{ when: { variable: 'x', op: 'exists' }, next: 'done' }], default: 'a' },
      end(),
    ]);
    expect(codes(loop)).toEqual([['loop_without_input', 'a']]);
    const retry = script([
      { id: 'q', type: 'ask', text: '?', variable: 'v', input: { kind: 'number' }, next: 'b' },
      { id: 'b', type: 'branch', cases: [{ when: { variable: 'v', op: 'gt', value: 3 }, next: 'done' }], default: 'q' },
      end(),
    ]);
    expect(validateScript(retry, patterns)).toEqual([]);
  });

  it('reports a self-loop', () => {
    expect(codes(script([{ id: 's', type: 'set', next: 's' }, end()]))).toContainEqual(['loop_without_input', 's']);
  });

  it('reports invalid regexes and ones the linear-time engine cannot express in asks and branches', () => {
    const def = script([
      { id: 'q', type: 'ask', text: '?', variable: 'v', input: { kind: 'text', pattern: '(?<=x)y' }, next: 'b' },
      { id: 'b', type: 'branch', cases: [{ when: { variable: 'v', op: 'matches', value: '[' }, next: 'done' }], default: 'done' },
      end(),
    ]);
    expect(codes(def)).toEqual([
      ['invalid_regex', 'q'],
      ['invalid_regex', 'b'],
    ]);
  });

  it('checks ask patterns and matches conditions on the injected engine, the audit pattern included (issue #11)', () => {
    const hostile = `${'a{0,30}'.repeat(5)}$`;
    const engine = new RecordingPatterns();
    const def = script([
      { id: 'q', type: 'ask', text: '?', variable: 'v', input: { kind: 'text', pattern: hostile }, next: 'b' },
      { id: 'b', type: 'branch', cases: [{ when: { variable: 'v', op: 'matches', value: `^${hostile}` }, next: 'done' }], default: 'done' },
      end(),
    ]);
    expect(validateScript(def, engine)).toEqual([]);
    expect(engine.compiled).toEqual([hostile, `^${hostile}`]);
    expect(validateScript(script([{ ...def.steps[0], input: { kind: 'text', pattern: 'a(?!b)' } } as ScriptStep, end()]), engine)[0].message).toMatch(
      /q: input\.pattern: lookahead .* not supported/,
    );
  });

  it.each<[string, ScriptStep]>([
    ['send without text', { id: 's', type: 'send', next: 'done' } as never],
    ['ask with a bad kind', { id: 's', type: 'ask', text: '?', variable: 'v', input: { kind: 'date' }, next: 'done' } as never],
    ['ask with zero attempts', { id: 's', type: 'ask', text: '?', variable: 'v', input: { kind: 'text' }, maxAttempts: 0, next: 'done' }],
    ['choice without options', { id: 's', type: 'ask', text: '?', variable: 'v', input: { kind: 'choice', options: [] }, next: 'done' }],
    ['number with min above max', { id: 's', type: 'ask', text: '?', variable: 'v', input: { kind: 'number', min: 5, max: 1 }, next: 'done' }],
    ['http with a bad method', { id: 's', type: 'http', method: 'TRACE', url: 'https://x', next: 'done', onError: 'done' } as never],
    ['http with a huge timeout', { id: 's', type: 'http', method: 'GET', url: 'https://x', timeoutMs: 60_000, next: 'done', onError: 'done' }],
    ['set with a bad priority', { id: 's', type: 'set', priority: 'high', next: 'done' } as never],
    ['branch with a numeric test on text', { id: 's', type: 'branch', cases: [{ when: { variable: 'v', op: 'gt', value: 'abc' }, next: 'done' }], default: 'done' }],
    ['send with a malformed placeholder', { id: 's', type: 'send', text: 'Hi {{name', next: 'done' }],
  ])('reports invalid fields: %s', (_, step) => {
    expect(codes(script([step, end()]))).toContainEqual(['invalid_field', 's']);
  });

  it('reports an end step with an unknown outcome', () => {
    expect(codes(script([{ id: 'e', type: 'end', outcome: 'maybe' } as never]))).toEqual([['invalid_field', 'e']]);
  });

  it('parseScript throws VALIDATION_FAILED with every error as details', () => {
    expect(() => parseScript(script([end(), send('orphan', 'x', 'ghost')]), patterns)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: expect.arrayContaining([expect.objectContaining({ code: 'dangling_edge' })]) }),
    );
  });
});
