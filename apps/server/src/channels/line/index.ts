import { lineMedia } from './media.ts';
import type { ChannelAdapter } from '../types.ts';
import { lineOutbound } from './send.ts';
import { lineWebhook } from './webhook.ts';

export const line: ChannelAdapter = { webhook: lineWebhook, outbound: lineOutbound, media: lineMedia };
