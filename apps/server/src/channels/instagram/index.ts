import { metaUrlMedia } from '../messenger/media.ts';
import type { ChannelAdapter } from '../types.ts';
import { instagramOutbound } from './send.ts';
import { instagramWebhook } from './webhook.ts';

export const instagram: ChannelAdapter = { webhook: instagramWebhook, outbound: instagramOutbound, media: metaUrlMedia };
