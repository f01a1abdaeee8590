import { feature } from '../feature.ts';

/** Words for the console's knowledge screens. */
export const knowledgeWords = feature({
  en: {
    // Timeline: a bot_reply with cause kb_clarify (two neighbouring articles, the customer asked to choose).
    bot_kb_clarify: 'The bot asked which of two articles the customer meant',
  },
  'zh-TW': {
    bot_kb_clarify: '機器人請客戶從兩篇相近的文章中選擇',
  },
  ja: {
    bot_kb_clarify: 'ボットが似た2つの記事のどちらかをお客様に確認しました',
  },
});
