export * from './http.ts';
export * from './stream.ts';
export * from './security.ts';
