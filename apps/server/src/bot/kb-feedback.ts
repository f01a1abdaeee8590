import { normalizeText } from '@switchboard/core';

/**
 * Customers' verdict on a knowledge-base answer (issue #17, decision 0015):
 * the quick-reply labels, also accepted as typed keywords (whole message).
 */
const NOT_HELPFUL = ['沒有幫助', '没有帮助', '沒幫助', '没帮助', '役に立たなかった', '役に立たない', 'not helpful', 'unhelpful', "didn't help", 'did not help'];
const HELPFUL = ['有幫助', '有帮助', '役に立った', 'helpful'];

const notHelpful = new Set(NOT_HELPFUL.map(normalizeText));
const helpful = new Set(HELPFUL.map(normalizeText));

export type Verdict = 'helpful' | 'not_helpful';

export function feedbackVerdict(text: string): Verdict | null {
  const t = normalizeText(text);
  if (notHelpful.has(t)) return 'not_helpful';
  return helpful.has(t) ? 'helpful' : null;
}

const LABELS = {
  zh: ['有幫助', '沒有幫助'],
  ja: ['役に立った', '役に立たなかった'],
  en: ['Helpful', 'Not helpful'],
} as const;

/** The two quick replies under an answer, in the article's language (kana → ja, Han → zh, else en). */
export function feedbackButtons(answer: string): Array<{ label: string; value: string }> {
  const lang = /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(answer) ? 'ja' : /\p{Script=Han}/u.test(answer) ? 'zh' : 'en';
  return LABELS[lang].map((label) => ({ label, value: label }));
}

/** Said after "helpful": the conversation stays with the bot. */
export const FEEDBACK_THANKS = '謝謝您的回饋！ありがとうございます。Thanks for letting us know!';
