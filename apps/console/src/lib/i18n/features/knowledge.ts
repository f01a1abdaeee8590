import { feature } from '../feature.ts';

/** Words for the console's knowledge screens. */
export const knowledgeWords = feature({ en: {}, 'zh-TW': {}, ja: {} });
