export * from './statuses.ts';
export * from './errors.ts';
export * from './ports.ts';
export * from './routing/types.ts';
export * from './routing/engine.ts';
export * from './bot/index.ts';
export * from './scripts/index.ts';
export { normalizeSkills as normalizeRequiredSkills } from './routing/model.ts';
export * from './policy/index.ts';
