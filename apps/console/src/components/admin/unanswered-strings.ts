import type { Lang } from '../../lib/i18n.ts';

export interface UnansweredStrings {
  title: string;
  none: string;
  asked: (n: number) => string;
  nearMisses: string;
  addNew: string;
  addAlternative: (q: string) => string;
  dismiss: string;
  question: string;
  answer: string;
  save: string;
  cancel: string;
}

/** This page's words; kept here rather than in the shared dictionary (lib/i18n.ts) while it is young. */
const STRINGS: Record<Lang, UnansweredStrings> = {
  en: {
    title: 'Unanswered questions',
    none: 'No unanswered questions.',
    asked: (n: number) => `asked ${n}×`,
    nearMisses: 'Closest articles',
    addNew: 'Add as new article',
    addAlternative: (q: string) => `Add as alternative of “${q}”`,
    dismiss: 'Dismiss',
    question: 'Question',
    answer: 'Answer',
    save: 'Save article',
    cancel: 'Cancel',
  },
  'zh-TW': {
    title: '未能回答的問題',
    none: '沒有未能回答的問題。',
    asked: (n: number) => `被問 ${n} 次`,
    nearMisses: '最接近的文章',
    addNew: '新增為文章',
    addAlternative: (q: string) => `加為「${q}」的替代問法`,
    dismiss: '忽略',
    question: '問題',
    answer: '答案',
    save: '儲存文章',
    cancel: '取消',
  },
  ja: {
    title: '回答できなかった質問',
    none: '回答できなかった質問はありません。',
    asked: (n: number) => `${n} 回質問`,
    nearMisses: '近い記事',
    addNew: '新しい記事として追加',
    addAlternative: (q: string) => `「${q}」の言い換えとして追加`,
    dismiss: '無視',
    question: '質問',
    answer: '回答',
    save: '記事を保存',
    cancel: 'キャンセル',
  },
};

export const unansweredStrings = (lang: Lang): UnansweredStrings => STRINGS[lang] ?? STRINGS.en;
