/** The widget's whole dictionary. `{n}` marks a value. */
const en = {
  open: 'Chat with us',
  close: 'Close chat',
  title: 'Chat',
  placeholder: 'Type a message…',
  send: 'Send',
  queue: 'You are number {n} in the queue.',
  waiting: 'Waiting for an agent…',
  connected: 'You are chatting with an agent.',
  ended: 'This conversation has ended. Write again to start a new one.',
  typing: 'Agent is typing…',
  sent: 'Sent',
  seen: 'Seen',
  failed: 'Not sent. Check your connection and try again.',
  offline: 'Reconnecting…',
  you: 'You',
  agent: 'Agent',
  bot: 'Bot',
  system: 'Notice',
  messages: 'Messages',
};
type Key = keyof typeof en;

const zhTW: Record<Key, string> = {
  open: '與我們聊天',
  close: '關閉對話',
  title: '線上客服',
  placeholder: '輸入訊息…',
  send: '送出',
  queue: '您目前排在第 {n} 位。',
  waiting: '正在為您轉接客服…',
  connected: '客服人員正在為您服務。',
  ended: '對話已結束。再次輸入即可開始新的對話。',
  typing: '客服正在輸入…',
  sent: '已送出',
  seen: '已讀',
  failed: '未送出，請檢查網路後再試一次。',
  offline: '重新連線中…',
  you: '您',
  agent: '客服',
  bot: '機器人',
  system: '通知',
  messages: '訊息',
};

export type Translate = (key: Key, values?: Record<string, string | number>) => string;

export function translator(lang: string | undefined): Translate {
  const dict = (lang ?? navigator.language).toLowerCase().startsWith('zh') ? zhTW : en;
  return (key, values) => dict[key].replace(/\{(\w+)\}/g, (_, k: string) => String(values?.[k] ?? ''));
}
