import { feature } from '../feature.ts';

/** Words for the console's security screens. */
export const securityWords = feature({ en: {}, 'zh-TW': {}, ja: {} });
