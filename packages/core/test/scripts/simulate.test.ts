import { describe, expect, it } from 'vitest';
import { SAMPLE_ORDER_STATUS_SCRIPT, simulate } from '../../src/scripts/index.ts';
import { patterns } from '../support/patterns.ts';

const context = { patterns, variables: { baseUrl: 'http://localhost:3000' } };
const shipped = { type: 'http_result', ok: true, status: 200, body: { status: 'shipped', eta: '2026-11-26' } } as const;

describe('the sample order-status script', () => {
  it('looks up the order, tells the status and hands off to billing on yes', () => {
    const sim = simulate(SAMPLE_ORDER_STATUS_SCRIPT, ['not an order', 'ＳＢ－１２３４５', shipped, '是'], context);
    expect(sim.errors).toEqual([]);
    const [opening, retry, lookup, told, billing] = sim.turns;
    expect(opening.result.outputs).toHaveLength(2);
    expect(retry.result.events.map((e) => e.type)).toEqual(['answer_rejected']);
    expect(lookup.result.effect).toMatchObject({ type: 'http_request', method: 'GET', url: 'http://localhost:3000/demo/orders/SB-12345' });
    expect(told.result.outputs[0].text).toContain('Order SB-12345 is shipped');
    expect(told.variables).toMatchObject({ orderNumber: 'SB-12345', orderStatus: 'shipped', eta: '2026-11-26' });
    expect(billing.result.effect).toMatchObject({ type: 'handoff', skills: ['billing'] });
    expect(sim.final.status).toBe('handed_off');
  });

  it('ends resolved when no billing help is needed', () => {
    const sim = simulate(SAMPLE_ORDER_STATUS_SCRIPT, ['SB-10001', shipped, 'No'], context);
    expect(sim.turns.at(-1)?.result.effect).toEqual({ type: 'end', step: 'done', outcome: 'resolved' });
  });

  it('hands off to an agent when the lookup times out', () => {
    const sim = simulate(SAMPLE_ORDER_STATUS_SCRIPT, ['SB-10001', { type: 'http_result', ok: false, error: 'timeout' }], context);
    expect(sim.turns.at(-1)?.result.effect).toMatchObject({ type: 'handoff', step: 'to_agent' });
  });

  it('hands off after three invalid order numbers', () => {
    const sim = simulate(SAMPLE_ORDER_STATUS_SCRIPT, ['x', 'y', 'z', 'unused'], context);
    expect(sim.final).toMatchObject({ status: 'handed_off', stepId: 'to_agent' });
    expect(sim.unusedInputs).toBe(1);
  });

  it('answers HTTP steps through a responder and stops when none is given', () => {
    const answered = simulate(SAMPLE_ORDER_STATUS_SCRIPT, ['SB-10001', 'no'], { ...context, http: () => shipped });
    expect(answered.final.status).toBe('ended');
    const stuck = simulate(SAMPLE_ORDER_STATUS_SCRIPT, ['SB-10001', 'no'], context);
    expect(stuck.final.status).toBe('awaiting_http');
    expect(stuck.unusedInputs).toBe(1);
  });
});
