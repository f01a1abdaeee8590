import { whatsappMedia } from './media.ts';
import type { ChannelAdapter } from '../types.ts';
import { whatsappOutbound } from './send.ts';
import { whatsappWebhook } from './webhook.ts';

export const whatsapp: ChannelAdapter = { webhook: whatsappWebhook, outbound: whatsappOutbound, media: whatsappMedia };
