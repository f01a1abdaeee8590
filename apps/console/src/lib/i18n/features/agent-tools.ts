import { feature } from '../feature.ts';

/** Words for the console's agent-tools screens. */
export const agentToolsWords = feature({ en: {}, 'zh-TW': {}, ja: {} });
