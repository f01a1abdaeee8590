import { feature } from '../feature.ts';

/** Words for the console's what-if screens. */
export const whatIfWords = feature({ en: {}, 'zh-TW': {}, ja: {} });
