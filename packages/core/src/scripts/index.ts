export * from './types.ts';
export * from './state.ts';
export * from './interpreter.ts';
export * from './validate.ts';
export * from './simulate.ts';
export { interpolate, interpolateUrl, interpolateJson } from './template.ts';
export { checkAnswer, type AnswerCheck } from './answers.ts';
export { DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_TEXT, DEFAULT_HTTP_TIMEOUT_MS, MAX_HTTP_TIMEOUT_MS } from './step-handlers.ts';
export * from './sample-order-status.ts';
