import { describe, expect, it } from 'vitest';
import { queueDetail, queueWake } from '../src/queue-status.ts';

/** The widget's second queue line (R12 live): the estimate, or the truth when there is no number. */
const NOW = Date.UTC(2026, 10, 24, 10, 0); // Tue 24 Nov 2026, 19:00 in Tokyo
const WED_9_TOKYO = { at: '2026-11-25T00:00:00.000Z', date: '2026-11-25', weekday: 'wed', time: '09:00' };

describe('queueDetail', () => {
  it('says the estimate in minutes or hours, in the visitor language', () => {
    expect(queueDetail('en', { position: 2, estimatedWaitSeconds: 240, agentsReady: true }, NOW)).toBe('Estimated wait: about 4 minutes.');
    expect(queueDetail('en', { position: 1, estimatedWaitSeconds: 20, agentsReady: true }, NOW)).toBe('Estimated wait: less than a minute.');
    expect(queueDetail('en', { position: 1, estimatedWaitSeconds: 70, agentsReady: true }, NOW)).toBe('Estimated wait: about 1 minute.');
    expect(queueDetail('en', { position: 9, estimatedWaitSeconds: 7200, agentsReady: true }, NOW)).toBe('Estimated wait: about 2 hours.');
    expect(queueDetail('zh-TW', { position: 2, estimatedWaitSeconds: 240, agentsReady: true }, NOW)).toBe('預估等候時間：約 4 分鐘。');
    expect(queueDetail('ja', { position: 2, estimatedWaitSeconds: 240, agentsReady: true }, NOW)).toBe('待ち時間の目安：約 4 分。');
  });

  it('never invents a number: nobody online says so; no history yet says nothing more', () => {
    expect(queueDetail('en', { position: 1, estimatedWaitSeconds: null, agentsReady: false }, NOW)).toBe('No agent is online right now; you keep your place.');
    expect(queueDetail('en', { position: 1, estimatedWaitSeconds: null, agentsReady: true }, NOW)).toBe('');
    expect(queueDetail('en', null, NOW)).toBe('');
  });

  it('out of hours says until when, and stops saying it once the opening has passed', () => {
    const closed = { position: 1, estimatedWaitSeconds: null, agentsReady: false, closedUntil: WED_9_TOKYO };
    expect(queueDetail('en', closed, NOW)).toBe("We're closed until Wed 09:00; you keep your place.");
    expect(queueDetail('ja', closed, NOW)).toBe('営業時間外です（水 09:00 から対応します）。順番はそのまま保たれます。');
    const opening = Date.parse(WED_9_TOKYO.at);
    expect(queueWake(closed, NOW)).toBe(opening - NOW + 50);
    expect(queueDetail('en', closed, opening)).toBe('No agent is online right now; you keep your place.');
    expect(queueWake(closed, opening)).toBeNull();
    // Beyond a week: the date instead of the weekday.
    expect(queueDetail('en', { ...closed, closedUntil: { ...WED_9_TOKYO, at: '2027-01-04T00:00:00.000Z', date: '2027-01-04' } }, NOW)).toBe("We're closed until Jan 4 09:00; you keep your place.");
  });
});
