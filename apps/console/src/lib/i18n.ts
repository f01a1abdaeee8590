import { createContext, useContext } from 'react';
import { baseEn } from './i18n/en.ts';
import { baseJa } from './i18n/ja.ts';
import { baseZhTW } from './i18n/zh-TW.ts';
import { agentToolsWords } from './i18n/features/agent-tools.ts';
import { attachmentsWords } from './i18n/features/attachments.ts';
import { channelsWords } from './i18n/features/channels.ts';
import { knowledgeWords } from './i18n/features/knowledge.ts';
import { queuePolicyWords } from './i18n/features/queue-policy.ts';
import { reportsWords } from './i18n/features/reports.ts';
import { securityWords } from './i18n/features/security.ts';
import { whatIfWords } from './i18n/features/what-if.ts';

/** Every feature's words; a feature adds its file here once (./i18n/features/). */
const features = [
  agentToolsWords,
  attachmentsWords,
  channelsWords,
  knowledgeWords,
  queuePolicyWords,
  reportsWords,
  securityWords,
  whatIfWords,
] as const;

/** Every key of every feature (distributed over the union, so no feature's keys are lost). */
type KeysOf<T> = T extends unknown ? keyof T : never;
type FeatureKeys = KeysOf<(typeof features)[number]['en']>;

/** The console's whole dictionary in English: the base words and every feature's. `{name}` marks a value. */
const en = Object.assign({}, baseEn, ...features.map((f) => f.en)) as Record<keyof typeof baseEn | FeatureKeys, string>;

export type MessageKey = keyof typeof en;

/** For words picked by an engine reason: a reason the dictionary does not know gets no words. */
export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(en, key);

export type Lang = 'en' | 'zh-TW' | 'ja';
export const LANGS: Array<{ id: Lang; label: string }> = [
  { id: 'en', label: 'English' },
  { id: 'zh-TW', label: '繁體中文' },
  { id: 'ja', label: '日本語' },
];
const dictionaries: Record<Lang, Record<MessageKey, string>> = {
  en,
  'zh-TW': Object.assign({}, baseZhTW, ...features.map((f) => f['zh-TW'])),
  ja: Object.assign({}, baseJa, ...features.map((f) => f.ja)),
};

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const dict = dictionaries[lang];
  return (key, values) => dict[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? ''));
}

export function initialLang(): Lang {
  const saved = localStorage.getItem('sb.lang');
  if (saved === 'en' || saved === 'zh-TW' || saved === 'ja') return saved;
  const browser = navigator.language.toLowerCase();
  return browser.startsWith('zh') ? 'zh-TW' : browser.startsWith('ja') ? 'ja' : 'en';
}

export const I18nContext = createContext<{
  lang: Lang;
  t: Translate;
  setLang: (l: Lang) => void;
}>({
  lang: 'en',
  t: translator('en'),
  setLang: () => {},
});

export const useI18n = () => useContext(I18nContext);
