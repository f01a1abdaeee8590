import { feature } from '../feature.ts';

/** Words for the console's channels screens. */
export const channelsWords = feature({ en: {}, 'zh-TW': {}, ja: {} });
