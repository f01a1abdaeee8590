export * from './http.ts';
export * from './bot.ts';
export * from './stream.ts';
export * from './webchat.ts';
export * from './security.ts';
export * from './channels.ts';
export * from './agent-tools.ts';
export * from './webhooks.ts';
