import { feature } from '../feature.ts';

/** Words for the console's security screens. */
export const securityWords = feature({
  en: {
    why_agent_deactivated: 'the agent was deactivated',
  },
  'zh-TW': {
    why_agent_deactivated: '客服已被停用',
  },
  ja: {
    why_agent_deactivated: '担当者が無効化された',
  },
});
