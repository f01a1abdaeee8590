import { email } from './email/index.ts';
import { instagram } from './instagram/index.ts';
import { line } from './line/index.ts';
import { messenger } from './messenger/index.ts';
import { telegram } from './telegram/index.ts';
import type { ChannelAdapter } from './types.ts';
import { whatsapp } from './whatsapp/index.ts';

/** One adapter per channel type, registered by name. api and webchat deliver through our own stream. */
const ADAPTERS: Record<string, ChannelAdapter> = { line, telegram, whatsapp, messenger, instagram, email };

export const adapterFor = (type: string): ChannelAdapter | undefined => (Object.hasOwn(ADAPTERS, type) ? ADAPTERS[type] : undefined);
