/**
 * The demo workspace's script: look up an order over HTTP, tell its status,
 * offer billing help. `baseUrl` comes from the script context (the server's
 * own address, which serves `/demo/orders/:orderNumber` returning
 * `{"status": "...", "eta": "..."}`).
 */
import type { ScriptDefinition } from './types.ts';

export const SAMPLE_ORDER_STATUS_SCRIPT: ScriptDefinition = {
  id: 'order-status',
  version: 1,
  name: 'Order status lookup / 訂單查詢',
  start: 'greet',
  steps: [
    { id: 'greet', type: 'send', text: '您好！我可以幫您查詢訂單。Hi! I can look up your order.', next: 'ask_order' },
    {
      id: 'ask_order',
      type: 'ask',
      text: '請輸入訂單編號（例如 SB-10001）。Please enter your order number (e.g. SB-10001).',
      variable: 'orderNumber',
      input: { kind: 'text', pattern: '^[A-Za-z]{2}-?\\d{4,10}$' },
      maxAttempts: 3,
      retryText: '訂單編號格式不正確，應類似 SB-10001。That does not look like an order number (e.g. SB-10001).',
      next: 'lookup',
      onFail: 'to_agent',
    },
    {
      id: 'lookup',
      type: 'http',
      method: 'GET',
      url: '{{baseUrl}}/demo/orders/{{orderNumber}}',
      timeoutMs: 5000,
      save: { orderStatus: 'status', eta: 'eta' },
      next: 'tell_status',
      onError: 'lookup_failed',
    },
    {
      id: 'tell_status',
      type: 'send',
      text: '訂單 {{orderNumber}} 的狀態：{{orderStatus}}。Order {{orderNumber}} is {{orderStatus}}.',
      next: 'ask_billing',
    },
    {
      id: 'ask_billing',
      type: 'ask',
      text: '需要帳務方面的協助嗎？Do you need help with billing?',
      variable: 'needsBilling',
      input: {
        kind: 'choice',
        options: [
          { value: 'yes', label: '是 Yes', synonyms: ['yes', 'y', '是', '要', '需要', '好', 'はい'] },
          { value: 'no', label: '否 No', synonyms: ['no', 'n', '否', '不用', '不要', '不需要', 'いいえ'] },
        ],
      },
      next: 'billing_branch',
      onFail: 'done',
    },
    {
      id: 'billing_branch',
      type: 'branch',
      cases: [{ when: { variable: 'needsBilling', op: 'equals', value: 'yes' }, next: 'to_billing' }],
      default: 'done',
    },
    { id: 'to_billing', type: 'handoff', skills: ['billing'], text: '為您轉接帳務專員。Connecting you to our billing team.' },
    {
      id: 'lookup_failed',
      type: 'send',
      text: '抱歉，目前無法查詢這筆訂單。Sorry, I could not look up that order right now.',
      next: 'to_agent',
    },
    { id: 'to_agent', type: 'handoff', text: '為您轉接客服人員。Let me connect you with an agent.' },
    { id: 'done', type: 'end', outcome: 'resolved', text: '感謝您的詢問，祝您有美好的一天！Thanks, have a nice day!' },
  ],
};
