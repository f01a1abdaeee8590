import { feature } from '../feature.ts';

/** Words for the console's queue-policy screens. */
export const queuePolicyWords = feature({ en: {}, 'zh-TW': {}, ja: {} });
