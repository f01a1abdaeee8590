import { describe, expect, test } from 'vitest';
import { addHandleTime, averageHandleTime, estimateWaitSeconds, serviceRatePerSeat } from '../../src/index.ts';

describe('the M/M/c wait estimate', () => {
  test('position over seats times the service rate, capacities counted', () => {
    // Two agents of capacity 3 and 2: five seats; 300 s per chat → μ = 1/300.
    expect(estimateWaitSeconds({ position: 1, capacities: [3, 2], serviceRatePerSeat: 1 / 300 })).toBeCloseTo(60, 9);
    expect(estimateWaitSeconds({ position: 10, capacities: [3, 2], serviceRatePerSeat: 1 / 300 })).toBeCloseTo(600, 9);
  });

  test('one seat is one M/M/1 server: k mean handle times', () => {
    expect(estimateWaitSeconds({ position: 3, capacities: [1], serviceRatePerSeat: 1 / 120 })).toBeCloseTo(360, 9);
  });

  test('free seats take the first customers at once', () => {
    expect(estimateWaitSeconds({ position: 2, capacities: [5], freeSeats: 2, serviceRatePerSeat: 1 / 100 })).toBe(0);
    expect(estimateWaitSeconds({ position: 4, capacities: [5], freeSeats: 2, serviceRatePerSeat: 1 / 100 })).toBeCloseTo(40, 9);
  });

  test('no estimate when nobody qualifying is ready or nothing is recorded', () => {
    expect(estimateWaitSeconds({ position: 1, capacities: [], serviceRatePerSeat: 1 / 300 })).toBeNull();
    expect(estimateWaitSeconds({ position: 1, capacities: [0, 0], serviceRatePerSeat: 1 / 300 })).toBeNull();
    expect(estimateWaitSeconds({ position: 1, capacities: [3], serviceRatePerSeat: null })).toBeNull();
  });
});

describe('the service rate from recorded handle times', () => {
  test('the first completions make a plain mean', () => {
    const average = averageHandleTime([100, 200, 300]);
    expect(average?.meanSeconds).toBeCloseTo(200, 9);
    expect(serviceRatePerSeat(average)).toBeCloseTo(1 / 200, 12);
  });

  test('after 1/alpha completions the newest one weighs alpha', () => {
    const warm = averageHandleTime(Array.from({ length: 10 }, () => 100));
    expect(addHandleTime(warm, 200).meanSeconds).toBeCloseTo(110, 9);
    expect(addHandleTime(warm, 200, 0.5).meanSeconds).toBeCloseTo(150, 9);
  });

  test('history fades: after a shift to longer chats the mean follows', () => {
    const average = averageHandleTime([...Array.from({ length: 50 }, () => 60), ...Array.from({ length: 50 }, () => 600)]);
    // 0.9^50 ≈ 0.005 of the old level remains.
    expect(average?.meanSeconds).toBeCloseTo(600 - 540 * 0.9 ** 50, 6);
  });

  test('no history, no rate; impossible samples are ignored', () => {
    expect(averageHandleTime([])).toBeNull();
    expect(serviceRatePerSeat(null)).toBeNull();
    expect(averageHandleTime([Number.NaN, -5, 120])?.meanSeconds).toBe(120);
  });
});
