import { feature } from '../feature.ts';

/** Words for the console's reports screens. */
export const reportsWords = feature({ en: {}, 'zh-TW': {}, ja: {} });
