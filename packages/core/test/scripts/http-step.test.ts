import { describe, expect, it } from 'vitest';
import { continueScript, startScript, type HttpStep } from '../../src/scripts/index.ts';
import { end, script, send } from './builders.ts';
import { patterns } from '../support/patterns.ts';

const lookup = (extra: Partial<HttpStep> = {}): HttpStep => ({
  id: 'call',
  type: 'http',
  method: 'POST',
  url: '{{baseUrl}}/orders/{{order}}?q={{q}}',
  headers: { 'x-order': '{{order}}' },
  body: { order: '{{order}}', qty: '{{qty}}', note: 'order {{order}}' },
  save: { status: 'data.status', first: 'data.items.0', items: 'data.items', gone: 'nope.x' },
  next: 'ok',
  onError: 'failed',
  ...extra,
});
const def = script([lookup(), send('ok', 'Status: {{status}}', 'done'), end(), { id: 'failed', type: 'handoff' }]);
const context = { patterns, variables: { baseUrl: 'https://api.example.com', order: 'A/1 2', q: 'x&y', qty: 2 } };

describe('http step', () => {
  it('pauses with an http_request effect: base URL raw, other values encoded, body typed', () => {
    const started = startScript(def, context);
    expect(started.state).toMatchObject({ status: 'awaiting_http', stepId: 'call' });
    expect(started.effect).toEqual({
      type: 'http_request',
      step: 'call',
      method: 'POST',
      url: 'https://api.example.com/orders/A%2F1%202?q=x%26y',
      headers: { 'x-order': 'A/1 2' },
      body: { order: 'A/1 2', qty: 2, note: 'order A/1 2' },
      timeoutMs: 5000,
    });
  });

  it('resumes on success, saving values from the JSON result', () => {
    const started = startScript(def, context);
    const body = { data: { status: 'shipped', items: ['book', 'pen'] } };
    const result = continueScript(def, started.state, { type: 'http_result', step: 'call', ok: true, status: 200, body }, { patterns });
    expect(result.state.variables).toMatchObject({ status: 'shipped', first: 'book', items: '["book","pen"]', gone: null });
    expect(result.outputs.map((o) => o.text)).toEqual(['Status: shipped']);
    expect(result.effect?.type).toBe('end');
  });

  it.each(['timeout', 'network', 'status'] as const)('follows onError after a %s failure', (error) => {
    const started = startScript(def, context);
    const result = continueScript(def, started.state, { type: 'http_result', ok: false, error, status: error === 'status' ? 500 : undefined }, { patterns });
    expect(result.events).toContainEqual(expect.objectContaining({ step: 'call', type: 'http_failed' }));
    expect(result.effect).toMatchObject({ type: 'handoff', step: 'failed' });
  });

  it('caps the timeout it asks for', () => {
    const slow = script([lookup({ timeoutMs: 120_000 }), end('ok'), end('failed')]);
    expect(startScript(slow, context).effect).toMatchObject({ timeoutMs: 30_000 });
  });

  it('goes to onError without a request when the URL is not http(s)', () => {
    const result = startScript(def, { patterns, variables: { baseUrl: 'file:///etc', order: '1' } });
    expect(result.effect).toMatchObject({ type: 'handoff', step: 'failed' });
    expect(result.events).toContainEqual(expect.objectContaining({ type: 'http_failed', data: expect.objectContaining({ error: 'invalid_url' }) }));
  });

  it('ignores customer messages and stale results while waiting for the call', () => {
    const started = startScript(def, context);
    const typed = continueScript(def, started.state, { type: 'text', text: 'hello?' }, { patterns });
    expect(typed.state).toEqual(started.state);
    expect(typed.events[0].type).toBe('input_ignored');
    const stale = continueScript(def, started.state, { type: 'http_result', step: 'other', ok: true, status: 200, body: {} }, { patterns });
    expect(stale.events[0].type).toBe('input_ignored');
  });
});
