export * from './http.ts';
export * from './stream.ts';
