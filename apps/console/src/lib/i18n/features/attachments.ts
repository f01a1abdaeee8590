import { feature } from '../feature.ts';

/** Words for the console's attachments screens. */
export const attachmentsWords = feature({ en: {}, 'zh-TW': {}, ja: {} });
