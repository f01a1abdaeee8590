import type { ChannelAdapter } from '../types.ts';
import { emailOutbound } from './send.ts';

/** Inbound mail arrives over SMTP (smtp-listener.ts), not a webhook. */
export const email: ChannelAdapter = { outbound: emailOutbound };
