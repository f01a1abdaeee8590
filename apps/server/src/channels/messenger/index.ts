import { metaUrlMedia } from './media.ts';
import type { ChannelAdapter } from '../types.ts';
import { messengerOutbound } from './send.ts';
import { messengerWebhook } from './webhook.ts';

export const messenger: ChannelAdapter = { webhook: messengerWebhook, outbound: messengerOutbound, media: metaUrlMedia };
