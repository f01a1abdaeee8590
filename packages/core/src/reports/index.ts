export * from './conversation-facts.ts';
export * from './report-figures.ts';
export * from './rollups.ts';
export * from './local-time.ts';
export * from './occupancy.ts';
