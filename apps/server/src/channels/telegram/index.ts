import { telegramMedia } from './media.ts';
import type { ChannelAdapter } from '../types.ts';
import { telegramOutbound } from './send.ts';
import { telegramWebhook } from './webhook.ts';

export const telegram: ChannelAdapter = { webhook: telegramWebhook, outbound: telegramOutbound, media: telegramMedia };
