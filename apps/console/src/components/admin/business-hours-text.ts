import type { Lang } from '../../lib/i18n.ts';

/** The business-hours editor's and the board badge's words, kept beside them (the main dictionary is shared by many pages). */
const en = {
  timezone: 'Time zone',
  weekly: 'Opening hours each week',
  closedAllDay: 'Closed',
  addInterval: 'Add hours',
  removeInterval: 'Remove',
  from: 'From',
  to: 'To',
  closedDates: 'Closed dates',
  specialDates: 'Special dates (other hours that day)',
  addDate: 'Add date',
  queueOutsideHours: 'Queue customers outside business hours',
  offHoursMessage: 'Off-hours message ({opening} = when agents return)',
  save: 'Save business hours',
  saved: 'Saved',
  clear: 'Always open (remove the schedule)',
  openUntil: 'Open until {time}',
  open: 'Open',
  closedUntil: 'Closed until {day} {time}',
  closed: 'Closed',
  businessHours: 'Business hours',
  mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun',
};

export type HoursKey = keyof typeof en;

const zhTW: Record<HoursKey, string> = {
  timezone: '時區',
  weekly: '每週營業時間',
  closedAllDay: '休息',
  addInterval: '新增時段',
  removeInterval: '移除',
  from: '開始',
  to: '結束',
  closedDates: '休息日',
  specialDates: '特別營業日（當天改用其他時段）',
  addDate: '新增日期',
  queueOutsideHours: '非營業時間仍讓客戶排隊',
  offHoursMessage: '非營業時間訊息（{opening} = 客服回來的時間）',
  save: '儲存營業時間',
  saved: '已儲存',
  clear: '全天候營業（移除時間表）',
  openUntil: '營業至 {time}',
  open: '營業中',
  closedUntil: '休息中，{day} {time} 開始營業',
  closed: '休息中',
  businessHours: '營業時間',
  mon: '週一', tue: '週二', wed: '週三', thu: '週四', fri: '週五', sat: '週六', sun: '週日',
};

const ja: Record<HoursKey, string> = {
  timezone: 'タイムゾーン',
  weekly: '毎週の営業時間',
  closedAllDay: '休業',
  addInterval: '時間帯を追加',
  removeInterval: '削除',
  from: '開始',
  to: '終了',
  closedDates: '休業日',
  specialDates: '特別営業日（その日だけ別の時間）',
  addDate: '日付を追加',
  queueOutsideHours: '営業時間外もお客様をキューに入れる',
  offHoursMessage: '営業時間外メッセージ（{opening} = 担当者が戻る時刻）',
  save: '営業時間を保存',
  saved: '保存しました',
  clear: '常時営業（スケジュールを削除）',
  openUntil: '{time} まで営業中',
  open: '営業中',
  closedUntil: '休業中（{day} {time} から営業）',
  closed: '休業中',
  businessHours: '営業時間',
  mon: '月', tue: '火', wed: '水', thu: '木', fri: '金', sat: '土', sun: '日',
};

export function hoursText(lang: Lang) {
  const dict = lang === 'zh-TW' ? zhTW : lang === 'ja' ? ja : en;
  return (key: HoursKey, values?: Record<string, string>) => dict[key].replace(/\{(\w+)\}/g, (whole, name: string) => values?.[name] ?? whole);
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type Interval = [string, string];

export interface BusinessHoursForm {
  timezone: string;
  weekly: Partial<Record<Weekday, Interval[]>>;
  closedDates: string[];
  specialDates: Record<string, Interval[]>;
  queueOutsideHours: boolean;
  offHoursMessage: string | null;
}

export interface LocalMoment {
  at: string;
  date: string;
  weekday: Weekday;
  time: string;
}

export interface HoursStatus {
  open: boolean;
  alwaysOpen: boolean;
  timezone: string | null;
  closesAt: LocalMoment | null;
  opensAt: LocalMoment | null;
}
