export * from './normalize.ts';
export * from './pattern-engine.ts';
export * from './regex-safety.ts';
export * from './keyword-rules.ts';
export * from './handoff-keywords.ts';
export { tokenize, stem, type WeightedToken } from './tokenize.ts';
export * from './knowledge-index.ts';
export * from './samples.ts';
