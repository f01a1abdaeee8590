import { describe, expect, it } from 'vitest';
import { unrecordedSends, type Delivery } from '../../../../test/faults/duplicates.ts';

const at = '00:00:00.000';
const waiting = 'You are number 3 in the queue. Estimated wait: less than a minute.';

/** The fault suite's count of messages a customer got twice (test/faults/duplicates.ts). */
describe('duplicate sends in the fault suite', () => {
  it('counts no duplicate for the same text sent as different messages, to two customers or to one twice', () => {
    const deliveries: Delivery[] = [
      { chat_id: '5001', text: waiting, n: 1, answeredAt: at },
      { chat_id: '5002', text: waiting, n: 2, answeredAt: at },
      { chat_id: '5001', text: waiting, n: 3, answeredAt: at },
    ];
    expect(unrecordedSends(deliveries, new Set(['1', '2', '3']))).toEqual([]);
  });

  it('counts a send the platform answered that no outbox row recorded: the row went out again', () => {
    const deliveries: Delivery[] = [
      { chat_id: '5001', text: 'reply-7', n: 1, answeredAt: at },
      { chat_id: '5002', text: waiting, n: 2, answeredAt: at },
      { chat_id: '5001', text: 'reply-7', n: 3, answeredAt: at },
    ];
    expect(unrecordedSends(deliveries, new Set(['2', '3']))).toEqual([deliveries[0]]);
  });
});
