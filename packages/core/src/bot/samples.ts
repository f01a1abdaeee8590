/**
 * Demo seed data: a small bilingual (zh-TW / en) FAQ and a few keyword rules.
 * Each topic has one article per language so the bot answers in the language
 * the customer wrote in.
 */
import type { KnowledgeArticle } from './knowledge-document.ts';
import type { KeywordRule } from './keyword-rules.ts';

export const SAMPLE_FAQ_ARTICLES: readonly KnowledgeArticle[] = [
  {
    id: 'faq-order-status-zh',
    question: '如何查詢訂單狀態？',
    alternatives: ['我的訂單到哪裡了', '訂單進度查詢'],
    answer: '請登入會員中心，在「我的訂單」查看最新狀態；也可以輸入「查訂單」讓機器人幫您查詢。',
    tags: ['訂單'],
  },
  {
    id: 'faq-order-status-en',
    question: 'How do I check my order status?',
    alternatives: ['Where is my order?', 'Track my order'],
    answer: 'Sign in and open "My orders" to see the latest status, or type "order status" and the bot will look it up.',
    tags: ['orders'],
  },
  {
    id: 'faq-reset-password-zh',
    question: '忘記密碼怎麼辦？',
    alternatives: ['如何重設密碼', '密碼忘記了'],
    answer: '請在登入頁點選「忘記密碼」，我們會寄送重設連結到您的電子郵件，連結 30 分鐘內有效。',
    tags: ['帳號'],
  },
  {
    id: 'faq-reset-password-en',
    question: 'How can I reset my password?',
    alternatives: ['I forgot my password', 'Password reset link'],
    answer: 'Click "Forgot password" on the sign-in page; we email you a reset link that is valid for 30 minutes.',
    tags: ['account'],
  },
  {
    id: 'faq-returns-zh',
    question: '如何申請退貨或退款？',
    alternatives: ['我想退貨', '退款要多久'],
    answer: '商品到貨 7 天內可在「我的訂單」申請退貨；退款會在收到退貨後 5 個工作天內退回原付款方式。',
    tags: ['退貨', '退款'],
  },
  {
    id: 'faq-returns-en',
    question: 'How do I return an item or get a refund?',
    alternatives: ['I want to return my order', 'How long does a refund take?'],
    answer: 'Request a return from "My orders" within 7 days of delivery; refunds reach your original payment method within 5 business days of us receiving the item.',
    tags: ['returns', 'refunds'],
  },
  {
    id: 'faq-shipping-zh',
    question: '運費和配送時間是多少？',
    alternatives: ['多久會到貨', '有免運嗎'],
    answer: '台灣本島滿 NT$1,000 免運，未滿收 NT$80；一般 2 至 3 個工作天到貨。',
    tags: ['配送'],
  },
  {
    id: 'faq-shipping-en',
    question: 'How much is shipping and how long does delivery take?',
    alternatives: ['When will my package arrive?', 'Do you offer free shipping?'],
    answer: 'Shipping is free on orders over NT$1,000 (NT$80 otherwise); delivery takes 2–3 business days.',
    tags: ['shipping', 'delivery'],
  },
  {
    id: 'faq-payment-zh',
    question: '有哪些付款方式？',
    alternatives: ['可以用信用卡付款嗎', '支援 LINE Pay 嗎'],
    answer: '我們接受信用卡、LINE Pay、Apple Pay 與超商取貨付款。',
    tags: ['付款'],
  },
  {
    id: 'faq-payment-en',
    question: 'Which payment methods do you accept?',
    alternatives: ['Can I pay by credit card?', 'Do you take Apple Pay?'],
    answer: 'We accept credit cards, LINE Pay, Apple Pay and cash on convenience-store pickup.',
    tags: ['payment'],
  },
  {
    id: 'faq-hours-zh',
    question: '客服的服務時間是什麼時候？',
    alternatives: ['什麼時候可以找到真人客服', '營業時間'],
    answer: '真人客服服務時間為週一至週五 09:00–18:00（國定假日除外），其他時間機器人仍可為您服務。',
    tags: ['客服'],
  },
  {
    id: 'faq-hours-en',
    question: 'What are your customer service hours?',
    alternatives: ['When can I talk to a person?', 'Opening hours'],
    answer: 'Our agents are available Monday to Friday, 09:00–18:00 Taiwan time; the bot answers around the clock.',
    tags: ['support'],
  },
];

export const SAMPLE_KEYWORD_RULES: readonly KeywordRule[] = [
  { id: 'kw-greeting', match: 'exact', pattern: 'hi', reply: 'Hi! Ask me anything, or type "agent" to talk to a person.' },
  { id: 'kw-greeting-zh', match: 'exact', pattern: '你好', reply: '您好！請問有什麼可以幫您？輸入「人工」可轉接真人客服。' },
  {
    id: 'kw-order-status',
    match: 'regex',
    pattern: '^(?:查訂單|訂單狀態|order status|track order)$',
    action: { type: 'start_script', scriptId: 'order-status' },
  },
  {
    id: 'kw-human-phrase',
    match: 'contains',
    pattern: '真人客服',
    reply: '好的，為您轉接真人客服。',
    action: { type: 'handoff' },
  },
  {
    id: 'kw-invoice',
    match: 'contains',
    pattern: '發票',
    reply: '為您轉接帳務專員。',
    action: { type: 'handoff', skills: ['billing'] },
  },
  { id: 'kw-bye', match: 'exact', pattern: 'bye', reply: 'Thanks for chatting. Goodbye!', action: { type: 'close' } },
];
