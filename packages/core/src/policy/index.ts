export * from './business-hours.ts';
export * from './validate-business-hours.ts';
export { isTimeZone, wallClockOf, type Weekday, type WallClock } from './zoned-time.ts';
export * from './wait-estimate.ts';
export * from './conversation-timers.ts';
export * from './intake.ts';
export * from './validate-relaxation.ts';
